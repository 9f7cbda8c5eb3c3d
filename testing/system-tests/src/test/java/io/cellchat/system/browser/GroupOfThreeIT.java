package io.cellchat.system.browser;

import static io.cellchat.system.browser.Browser.messageWithText;
import static io.cellchat.system.browser.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.v1.Session;
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
import org.openqa.selenium.WebElement;

/** Ann, Ben and Cyd in three browsers: a group, a message, seen by everyone, and a reaction counted on all three. */
@Tag("browser")
@Timeout(180)
@ExtendWith(Scenario.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GroupOfThreeIT {

    private static final String TITLE = "Weekend plans";
    private static final String QUESTION = "Who brings the cake";
    private static final String THUMBS_UP = "\uD83D\uDC4D";
    private static final By THUMBS_UP_COUNT =
            By.cssSelector("[data-testid='reaction'][data-emoji='" + THUMBS_UP + "'] .reaction-count");

    private static WebChatServer server;
    private static Session annSession;
    private static Session benSession;
    private static Session cydSession;
    private static Browser ann;
    private static Browser ben;
    private static Browser cyd;
    private static String group;

    @BeforeAll
    static void start() throws Exception {
        server = new WebChatServer();
        annSession = server.register("ann");
        benSession = server.register("ben");
        cydSession = server.register("cyd");
        ann = Browser.launch("ann");
        ben = Browser.launch("ben");
        cyd = Browser.launch("cyd");
    }

    @AfterAll
    static void stop() {
        try {
            Browser.closeAll(ann, ben, cyd);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    private static List<Browser> everyone() {
        return List.of(ann, ben, cyd);
    }

    @Test
    @Order(1)
    void ann_ben_and_cyd_sign_in_with_the_login_form() {
        for (Browser browser : everyone()) {
            browser.open(server.uri());
            browser.login(browser.name, WebChatServer.password(browser.name));
        }
    }

    @Test
    @Order(2)
    void ann_creates_a_group_with_ben_and_cyd_and_sends_a_message() {
        group = ann.createGroup(TITLE, "ben, cyd");
        ann.await("group title", d -> d.findElement(testId("chat-title")).getText().equals(TITLE));

        ann.send(QUESTION);

        ann.await("the message accepted", d -> !ann.attribute(messageWithText(QUESTION), "data-seq").isEmpty());
        ann.click(testId("group-info-button"));
        ann.await("three members in the group panel", d -> d.findElements(testId("member-item")).size() == 3);
        for (Session member : List.of(annSession, benSession, cydSession)) {
            assertThat(ann.all(testId("member-item", "data-user-id", Long.toString(member.getUserId())))).hasSize(1);
        }
    }

    @Test
    @Order(3)
    void ben_and_cyd_see_the_group_appear_with_an_unread_badge() {
        for (Browser member : List.of(ben, cyd)) {
            member.await("the group with 1 unread", d ->
                    "1".equals(member.textWithin(member.conversationItem(group), testId("unread-badge"))));
            assertThat(member.textWithin(member.conversationItem(group), testId("conversation-title"))).isEqualTo(TITLE);
        }
    }

    @Test
    @Order(4)
    void when_ben_and_cyd_open_the_group_ann_sees_her_message_seen_by_everyone() {
        ben.openConversation(group);
        ann.await("seen by Ben but not yet by Cyd", d ->
                "Seen by 1".equals(ann.textWithin(messageWithText(QUESTION), testId("seen-by"))));
        ann.await("delivered to Cyd, not yet seen", d ->
                "delivered".equals(ann.attribute(messageWithText(QUESTION), "data-status")));

        cyd.openConversation(group);

        ann.await("seen by all", d -> "seen".equals(ann.attribute(messageWithText(QUESTION), "data-status")));
        ann.await("the footnote", d ->
                "Seen by everyone".equals(ann.textWithin(messageWithText(QUESTION), testId("seen-by"))));
        for (Browser member : List.of(ben, cyd)) {
            member.await("Ann's message shown", d ->
                    "false".equals(member.attribute(messageWithText(QUESTION), "data-mine")));
        }
    }

    @Test
    @Order(5)
    void ben_and_cyd_react_with_a_thumbs_up_and_everyone_sees_a_count_of_two() {
        for (Browser member : List.of(ben, cyd)) {
            member.clickWithin(messageWithText(QUESTION), testId("react-button"));
            member.click(testId("emoji-option", "data-emoji", THUMBS_UP));
            member.await("my reaction shown", d -> "true".equals(
                    member.attribute(By.cssSelector("[data-testid='reaction'][data-emoji='" + THUMBS_UP + "']"),
                            "aria-pressed")));
        }

        for (Browser browser : everyone()) {
            browser.await("👍 2 under the message", d -> "2".equals(
                    browser.textWithin(messageWithText(QUESTION), THUMBS_UP_COUNT)));
            List<WebElement> chips = browser.all(testId("reaction"));
            assertThat(chips).as("reaction chips on %s's page", browser.name).hasSize(1);
        }
        assertThat(ann.attribute(By.cssSelector("[data-testid='reaction']"), "aria-pressed")).isEqualTo("false");
    }
}
