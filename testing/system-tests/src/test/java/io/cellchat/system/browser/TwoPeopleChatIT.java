package io.cellchat.system.browser;

import static io.cellchat.system.browser.Browser.messageWithSeq;
import static io.cellchat.system.browser.Browser.messageWithText;
import static io.cellchat.system.browser.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

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

/** Alice and Bob, each in their own browser, sign up and chat: unread badge, seen mark, typing, reply, edit, delete. */
@Tag("browser")
@Timeout(180)
@ExtendWith(Scenario.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoPeopleChatIT {

    private static WebChatServer server;
    private static Browser alice;
    private static Browser bob;
    private static String conversation;

    @BeforeAll
    static void start() throws Exception {
        server = new WebChatServer();
        alice = Browser.launch("alice");
        bob = Browser.launch("bob");
    }

    @AfterAll
    static void stop() {
        try {
            Browser.closeAll(alice, bob);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    @Order(1)
    void alice_and_bob_create_their_accounts_in_the_register_form_and_get_connected() {
        alice.open(server.uri());
        bob.open(server.uri());

        alice.register("alice", "alice's password", "Alice Liddell");
        bob.register("bob", "bob's password!", "Bob Builder");

        alice.await("my name in the sidebar", d -> d.findElement(testId("me-name")).getText().equals("Alice Liddell"));
        bob.await("my name in the sidebar", d -> d.findElement(testId("me-name")).getText().equals("Bob Builder"));
    }

    @Test
    @Order(2)
    void alice_starts_a_chat_with_bob_by_username_and_sends_a_message() {
        conversation = alice.startChatWith("bob");
        alice.await("chat title", d -> d.findElement(testId("chat-title")).getText().equals("Bob Builder"));

        alice.send("Hello Bob");

        alice.await("my message accepted as seq 1", d ->
                "true".equals(alice.attribute(messageWithSeq(1), "data-mine"))
                        && "Hello Bob".equals(alice.textWithin(messageWithSeq(1), testId("message-text"))));
        alice.await("the conversation listed with Bob online", d -> "ONLINE".equals(alice.attribute(
                By.cssSelector("[data-conversation-id='" + conversation + "'] [data-testid='presence-dot']"),
                "data-status")));
    }

    @Test
    @Order(3)
    void bob_sees_the_new_conversation_appear_with_an_unread_badge() {
        bob.await("Alice's conversation with 1 unread", d ->
                "1".equals(bob.textWithin(bob.conversationItem(conversation), testId("unread-badge"))));
        assertThat(bob.textWithin(bob.conversationItem(conversation), testId("conversation-title")))
                .isEqualTo("Alice Liddell");
        alice.await("Hello Bob delivered to Bob's browser", d ->
                "delivered".equals(alice.attribute(messageWithSeq(1), "data-status")));
    }

    @Test
    @Order(4)
    void bob_opens_the_conversation_and_alice_sees_her_message_marked_seen() {
        bob.openConversation(conversation);

        bob.await("Alice's message shown", d ->
                "false".equals(bob.attribute(messageWithText("Hello Bob"), "data-mine")));
        bob.gone(By.cssSelector("[data-conversation-id='" + conversation + "'] [data-testid='unread-badge']"));
        alice.await("Hello Bob seen", d -> "seen".equals(alice.attribute(messageWithSeq(1), "data-status")));
    }

    @Test
    @Order(5)
    void alice_sees_bob_typing_and_then_his_reply() {
        bob.type(testId("composer-input"), "Hi Alice");

        alice.visible(testId("typing-indicator"));
        assertThat(alice.all(testId("typing-indicator")).getFirst().getText()).contains("Bob Builder");

        bob.click(testId("composer-send"));

        alice.await("Bob's reply as seq 2", d ->
                "Hi Alice".equals(alice.textWithin(messageWithSeq(2), testId("message-text")))
                        && "false".equals(alice.attribute(messageWithSeq(2), "data-mine")));
        alice.gone(testId("typing-indicator"));
        bob.await("Bob's reply seen by Alice, who has the chat open", d ->
                "seen".equals(bob.attribute(messageWithSeq(2), "data-status")));
    }

    @Test
    @Order(6)
    void alice_edits_her_message_and_bob_sees_the_new_text() {
        alice.messageAction(messageWithSeq(1), "edit-button");
        alice.visible(testId("edit-input"));
        alice.type(testId("edit-input"), Keys.chord(Keys.CONTROL, "a"), "Hello Bob, edited");
        alice.click(testId("edit-save"));

        bob.await("the edited text", d ->
                "Hello Bob, edited".equals(bob.textWithin(messageWithSeq(1), testId("message-text"))));
        alice.await("the edited text on Alice's side too", d ->
                "Hello Bob, edited".equals(alice.textWithin(messageWithSeq(1), testId("message-text"))));
        assertThat(bob.all(testId("message"))).hasSize(2);
    }

    @Test
    @Order(7)
    void alice_deletes_her_message_and_bob_sees_a_tombstone() {
        alice.messageAction(messageWithSeq(1), "delete-button");
        alice.click(testId("confirm-ok"));

        bob.await("the tombstone", d -> bob.textWithin(messageWithSeq(1), testId("message-deleted")) != null);
        assertThat(bob.textWithin(messageWithSeq(1), testId("message-text"))).isNull();
        assertThat(bob.textWithin(messageWithSeq(2), testId("message-text"))).isEqualTo("Hi Alice");
        alice.await("the tombstone on Alice's side too", d ->
                alice.textWithin(messageWithSeq(1), testId("message-deleted")) != null);
    }
}
