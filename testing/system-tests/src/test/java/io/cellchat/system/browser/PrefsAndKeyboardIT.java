package io.cellchat.system.browser;

import static io.cellchat.system.browser.Browser.messageWithText;
import static io.cellchat.system.browser.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.v1.Session;
import io.cellchat.system.browser.Browser.Viewport;
import io.cellchat.testing.client.TestChatClient;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;

/**
 * Eve on a laptop and on a phone at once: pin, mute and archive follow her from one device to the other (and
 * survive a reload, being kept by the server); search finds chats and messages; and every action of a chat works
 * from the keyboard alone.
 */
@Tag("browser")
@Timeout(180)
@ExtendWith(Scenario.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PrefsAndKeyboardIT {

    private static WebChatServer server;
    private static Browser laptop;
    private static Browser phone;
    private static String fayChat;
    private static String gusChat;
    private static String gusGroup;

    @BeforeAll
    static void start() throws Exception {
        server = new WebChatServer();
        Session eve = server.register("eve", "Eve Evans");
        Session fay = server.register("fay", "Fay Fisher");
        Session gus = server.register("gus", "Gus Grant");
        TestChatClient f = server.connect(fay);
        TestChatClient g = server.connect(gus);
        fayChat = ChatData.direct(eve.getUserId(), fay.getUserId());
        gusChat = ChatData.direct(eve.getUserId(), gus.getUserId());
        ChatData.send(f, fayChat, "Lunch at noon?");
        ChatData.send(f, fayChat, "Or a late lunch at two");
        ChatData.send(g, gusChat, "Hi Eve");
        gusGroup = ChatData.createGroup(g, "Gus and friends", List.of(eve.getUserId(), fay.getUserId()));
        ChatData.send(g, gusGroup, "Welcome all");
        laptop = Browser.launch("eve-laptop");
        phone = Browser.launch("eve-phone");
        laptop.viewport(Viewport.LAPTOP);
        phone.viewport(Viewport.PHONE);
    }

    @AfterAll
    static void stop() {
        try {
            Browser.closeAll(laptop, phone);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    @Order(1)
    void eve_signs_in_on_her_laptop_and_her_phone() {
        for (Browser device : List.of(laptop, phone)) {
            device.open(server.uri());
            device.login("eve", WebChatServer.password("eve"));
            device.await("three chats", d -> d.findElements(testId("conversation-item")).size() == 3);
        }
    }

    @Test
    @Order(2)
    void pin_mute_and_archive_on_the_laptop_show_on_the_phone_and_survive_a_reload() {
        laptop.conversationMenu(fayChat, "menu-pin");
        laptop.conversationMenu(gusChat, "menu-mute-always");
        laptop.conversationMenu(gusGroup, "menu-archive");

        awaitSettings(phone);
        phone.driver().navigate().refresh();
        phone.awaitConnected();
        awaitSettings(phone);

        phone.conversationMenu(gusChat, "menu-unmute");
        laptop.await("unmuted on the laptop too", d ->
                "false".equals(laptop.attribute(laptop.conversationItem(gusChat), "data-muted")));
        phone.click(testId("archived-open"));
        phone.visible(phone.conversationItem(gusGroup));
        phone.click(testId("archived-back"));
    }

    private static void awaitSettings(Browser device) {
        device.await("Fay's chat pinned first", d -> "true".equals(device.attribute(device.conversationItem(fayChat),
                "data-pinned")) && fayChat.equals(d.findElements(testId("conversation-item")).getFirst()
                .getDomAttribute("data-conversation-id")));
        device.await("Gus's chat muted", d ->
                "true".equals(device.attribute(device.conversationItem(gusChat), "data-muted")));
        device.await("the group archived", d -> device.all(device.conversationItem(gusGroup)).isEmpty()
                && !d.findElements(testId("archived-open")).isEmpty());
        assertThat(device.all(By.cssSelector("[data-testid='pinned-icon']"))).hasSize(1);
    }

    @Test
    @Order(3)
    void search_finds_chats_by_name_and_messages_in_a_chat() {
        laptop.type(testId("conversation-search"), "gus");
        laptop.await("Gus's chat and group", d -> d.findElements(testId("conversation-item")).size() == 2);
        laptop.type(testId("conversation-search"), Keys.chord(Keys.CONTROL, "a"), "zzz");
        laptop.visible(testId("list-empty"));
        laptop.type(testId("conversation-search"), Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);

        laptop.openConversation(fayChat);
        laptop.click(testId("chat-search-button"));
        laptop.type(testId("chat-search-input"), "LUNCH");
        laptop.await("two matches", d -> "1 of 2".equals(d.findElement(testId("chat-search-count")).getText()));
        laptop.type(testId("chat-search-input"), Keys.ENTER);
        laptop.await("the second match", d -> "2 of 2".equals(d.findElement(testId("chat-search-count")).getText()));
        laptop.type(testId("chat-search-input"), Keys.ESCAPE);
        laptop.gone(testId("chat-search-input"));
    }

    @Test
    @Order(4)
    void every_chat_action_works_from_the_keyboard_alone() {
        laptop.js("location.hash = '/'; document.activeElement.blur()");
        laptop.tabTo(laptop.conversationItem(gusChat), 40);
        laptop.keys(Keys.ENTER);
        laptop.await("Gus's chat open", d -> gusChat.equals(laptop.openConversationId()));
        laptop.await("the composer focused", d -> "composer-input".equals(laptop.focused().getDomAttribute("data-testid")));

        laptop.keys("typed with keys", Keys.ENTER);
        By typed = messageWithText("typed with keys");
        laptop.visible(typed);

        laptop.tabTo(testId("react-button"), 10, true);
        laptop.keys(Keys.ENTER);
        laptop.await("the first quick reaction focused", d ->
                "👍".equals(laptop.focused().getDomAttribute("data-emoji")));
        laptop.keys(Keys.ARROW_RIGHT, Keys.ENTER);
        laptop.await("a heart on my message", d -> !d.findElement(typed)
                .findElements(testId("reaction", "data-emoji", "❤️")).isEmpty());

        openMenuOfLastMessage();
        laptop.keys(Keys.END, Keys.ARROW_UP, Keys.ARROW_UP, Keys.ENTER); // Reply (above Edit and Delete)
        laptop.visible(testId("reply-bar"));
        laptop.await("the composer focused", d -> "composer-input".equals(laptop.focused().getDomAttribute("data-testid")));
        laptop.keys("reply by keys", Keys.ENTER);
        By reply = messageWithText("reply by keys");
        laptop.visible(reply);
        laptop.await("the reply quotes the message", d -> d.findElement(reply).findElements(testId("reply-quote")).size() == 1);

        openMenuOfLastMessage();
        laptop.keys(Keys.END, Keys.ARROW_UP, Keys.ENTER); // Edit
        laptop.await("the edit box focused", d -> "edit-input".equals(laptop.focused().getDomAttribute("data-testid")));
        laptop.keys("edited by keys", Keys.ENTER); // the edit box opens with the old text selected
        laptop.visible(messageWithText("edited by keys"));

        openMenuOfLastMessage();
        laptop.keys(Keys.END, Keys.ENTER); // Delete for everyone
        laptop.await("the confirmation focused", d -> "confirm-ok".equals(laptop.focused().getDomAttribute("data-testid")));
        laptop.keys(Keys.ENTER);
        laptop.await("the tombstone", d -> !d.findElements(testId("message-deleted")).isEmpty());

        laptop.tabTo(testId("chat-menu-button"), 60, true);
        laptop.keys(Keys.ENTER);
        laptop.await("the menu focused", d -> "menuitem".equals(laptop.focused().getDomAttribute("role")));
        laptop.keys(Keys.ENTER); // the first item: Pin to top
        laptop.await("Gus's chat pinned", d ->
                "true".equals(laptop.attribute(laptop.conversationItem(gusChat), "data-pinned")));

        // The chat menu again: mute until unmuted (items: Unpin, Mute 8 hours, Mute 1 week, Mute until I unmute, ...).
        laptop.tabTo(testId("chat-menu-button"), 60, true);
        laptop.keys(Keys.ENTER);
        laptop.await("the menu focused", d -> "menuitem".equals(laptop.focused().getDomAttribute("role")));
        laptop.keys(Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ARROW_DOWN, Keys.ENTER);
        laptop.await("Gus's chat muted", d ->
                "true".equals(laptop.attribute(laptop.conversationItem(gusChat), "data-muted")));

        // A row's own menu in the list: archive Fay's chat.
        laptop.tabTo(By.cssSelector("[data-conversation-id='" + fayChat + "'] [data-testid='conversation-menu-button']"),
                80, true);
        laptop.keys(Keys.ENTER);
        laptop.await("the row's menu focused", d -> "menuitem".equals(laptop.focused().getDomAttribute("role")));
        laptop.keys(Keys.END, Keys.ENTER); // Archive is the last item
        laptop.await("Fay's chat archived", d -> laptop.all(laptop.conversationItem(fayChat)).isEmpty());

        // Search in the chat, from the keyboard.
        laptop.tabTo(testId("chat-search-button"), 80);
        laptop.keys(Keys.ENTER);
        laptop.await("the search box focused", d -> "chat-search-input".equals(laptop.focused().getDomAttribute("data-testid")));
        laptop.keys("typed");
        laptop.await("one match", d -> "1 of 1".equals(d.findElement(testId("chat-search-count")).getText()));
        laptop.keys(Keys.ESCAPE);
        laptop.gone(testId("chat-search-input"));

        laptop.tabTo(testId("new-group-button"), 80, true);
        laptop.keys(Keys.ENTER);
        laptop.await("the name field focused", d -> "new-group-title".equals(laptop.focused().getDomAttribute("data-testid")));
        laptop.keys("Keys only", Keys.TAB, "fay");
        laptop.visible(testId("user-result", "data-username", "fay"));
        laptop.keys(Keys.ENTER);
        laptop.visible(testId("chosen-person"));
        laptop.tabTo(testId("new-group-submit"), 10);
        laptop.keys(Keys.ENTER);
        laptop.await("the new group open", d -> "Keys only".equals(d.findElement(testId("chat-title")).getText()));

        // Group info opens and closes from the keyboard too.
        laptop.tabTo(testId("group-info-button"), 80, true);
        laptop.keys(Keys.ENTER);
        laptop.visible(testId("member-receipt"));
        laptop.tabTo(testId("group-info-close"), 40);
        laptop.keys(Keys.ENTER);
        laptop.gone(testId("group-info"));
    }

    @Test
    @Order(5)
    void roles_removal_the_emoji_picker_a_new_chat_busy_and_sign_out_work_from_the_keyboard_too() {
        // The "Keys only" group of the test before is open; Eve owns it and Fay is a member.
        laptop.tabTo(testId("group-info-button"), 80, true);
        laptop.keys(Keys.ENTER);
        laptop.visible(testId("member-receipt"));
        laptop.tabTo(testId("member-role-select"), 40);
        laptop.keys(Keys.ARROW_DOWN); // Member -> Admin: a closed select changes with the arrow keys
        laptop.await("Fay is an admin", d -> d.findElements(testId("member-role")).stream()
                .anyMatch(role -> "Admin".equalsIgnoreCase(role.getText()))); // shown in capitals by CSS
        laptop.tabTo(testId("member-remove"), 10);
        laptop.keys(Keys.ENTER);
        laptop.await("the confirmation focused", d -> "confirm-ok".equals(laptop.focused().getDomAttribute("data-testid")));
        laptop.keys(Keys.ENTER);
        laptop.await("Fay removed", d -> d.findElements(testId("member-item")).size() == 1);
        laptop.tabTo(testId("group-info-close"), 40, true);
        laptop.keys(Keys.ENTER);
        laptop.gone(testId("group-info"));

        // The full emoji picker: it opens with its search box focused; arrows choose, Enter picks, Escape closes.
        laptop.tabTo(testId("composer-input"), 80);
        laptop.tabTo(testId("composer-emoji"), 3, true);
        laptop.keys(Keys.ENTER);
        laptop.await("the picker's search box focused", d -> "search".equals(laptop.js(
                "return document.querySelector('emoji-picker')?.shadowRoot?.activeElement?.id ?? ''")));
        laptop.keys("rocket");
        laptop.await("emoji found", d -> "true".equals(laptop.js("return document.querySelector('emoji-picker')"
                + ".shadowRoot.querySelector('#search').getAttribute('aria-expanded')")));
        laptop.keys(Keys.ARROW_DOWN, Keys.ENTER);
        laptop.await("the composer focused with the emoji", d ->
                "composer-input".equals(laptop.focused().getDomAttribute("data-testid"))
                        && !d.findElement(testId("composer-input")).getDomProperty("value").isEmpty());
        String emoji = laptop.driver().findElement(testId("composer-input")).getDomProperty("value");
        laptop.keys(Keys.ENTER);
        laptop.visible(messageWithText(emoji));
        laptop.keys(Keys.ESCAPE); // the picker stays open for another pick until Escape
        laptop.gone(testId("emoji-picker-popover"));

        // A new chat: the dialog opens with the name field focused; Enter starts the chat with the name typed.
        laptop.tabTo(testId("new-chat-button"), 80, true);
        laptop.keys(Keys.ENTER);
        laptop.await("the name field focused", d -> "new-chat-username".equals(laptop.focused().getDomAttribute("data-testid")));
        laptop.keys("gus");
        laptop.visible(testId("user-result", "data-username", "gus"));
        laptop.keys(Keys.ENTER);
        laptop.await("Gus's chat open", d -> gusChat.equals(laptop.openConversationId()));

        laptop.tabTo(testId("busy-toggle"), 80, true);
        laptop.keys(Keys.ENTER);
        laptop.await("busy on", d -> "true".equals(laptop.attribute(testId("busy-toggle"), "aria-pressed")));
        laptop.keys(Keys.ENTER);
        laptop.await("busy off", d -> "false".equals(laptop.attribute(testId("busy-toggle"), "aria-pressed")));

        laptop.tabTo(testId("logout-button"), 5);
        laptop.keys(Keys.ENTER);
        laptop.visible(testId("login-submit"));
    }

    private static void openMenuOfLastMessage() {
        laptop.tabTo(testId("composer-input"), 60);
        laptop.tabTo(testId("message-menu-button"), 5, true);
        laptop.keys(Keys.ENTER);
        laptop.await("the message menu focused", d -> "menuitem".equals(laptop.focused().getDomAttribute("role")));
    }
}
