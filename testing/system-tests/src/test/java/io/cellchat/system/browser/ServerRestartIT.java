package io.cellchat.system.browser;

import static io.cellchat.system.browser.Browser.messageWithText;
import static io.cellchat.system.browser.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.SendMessage;
import io.cellchat.contracts.v1.Session;
import io.cellchat.testing.client.TestChatClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
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

/**
 * The product guarantee through a server restart: Alice and Bob chat in their browsers, the server goes down
 * mid-conversation (one of Alice's messages in flight, one written while it is down) and comes back; both pages
 * reconnect by themselves, more messages arrive while Bob's page is still waiting to reconnect, and in the end both
 * pages hold and show every message exactly once, at seqs 1..N with no gap.
 */
@Tag("browser")
@Timeout(240)
@ExtendWith(Scenario.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ServerRestartIT {

    private static final Duration LONG = Duration.ofSeconds(60);
    private static final Pattern RETRY_IN = Pattern.compile("retry in (\\d+) s");

    private static WebChatServer server;
    private static Session aliceSession;
    private static Browser alice;
    private static Browser bob;
    private static String conversation;
    /** Every message text, in the order written; each must end up at exactly one seq. */
    private static final List<String> texts = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = new WebChatServer();
        aliceSession = server.register("alice");
        server.register("bob");
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

    private static void aliceSends(String text) {
        alice.send(text);
        texts.add(text);
    }

    @Test
    @Order(1)
    void alice_sends_five_messages_from_her_browser_and_bob_sees_them() {
        alice.open(server.uri());
        alice.login("alice", WebChatServer.password("alice"));
        bob.open(server.uri());
        bob.login("bob", WebChatServer.password("bob"));
        conversation = alice.startChatWith("bob");

        for (int i = 1; i <= 5; i++) {
            aliceSends("message " + i);
        }

        bob.visible(bob.conversationItem(conversation));
        bob.openConversation(conversation);
        bob.await("messages 1..5 held", d -> bob.heldSeqs(conversation).equals(List.of(1L, 2L, 3L, 4L, 5L)));
        bob.visible(messageWithText("message 5"));
        alice.await("message 5 seen", d -> "seen".equals(alice.attribute(Browser.messageWithSeq(5), "data-status")));
    }

    @Test
    @Order(2)
    void while_the_server_is_down_both_pages_say_they_are_not_connected_and_alice_can_still_write()
            throws InterruptedException {
        aliceSends("message 6"); // racing the shutdown: accepted or not, it must end up exactly once
        server.stop();

        for (Browser browser : List.of(alice, bob)) {
            browser.await("connection-status not connected", d -> !"connected".equals(browser.connectionState()));
            browser.visible(By.cssSelector(".banner[role='status']"));
        }
        aliceSends("message 7");
        alice.await("message 7 waiting to be sent", d ->
                "pending".equals(alice.attribute(messageWithText("message 7"), "data-status")));
        // Still down a moment later: neither page claims to be connected.
        Thread.sleep(1000);
        assertThat(alice.connectionState()).isNotEqualTo("connected");
        assertThat(bob.connectionState()).isNotEqualTo("connected");
    }

    @Test
    @Order(3)
    void after_the_restart_messages_sent_while_bob_reconnects_and_the_queued_ones_all_arrive() throws Exception {
        // Start the server while Bob's page waits out a long reconnect backoff (4 s or more to go), and meanwhile send
        // three messages from a protocol client: Bob's page must fetch them when it reconnects.
        bob.await("Bob's page waiting 5 s or more before its next attempt", LONG, d -> {
            Matcher retry = RETRY_IN.matcher(d.findElement(testId("connection-status")).getText());
            return retry.find() && Integer.parseInt(retry.group(1)) >= 5;
        });
        server.start();
        TestChatClient direct = server.connect(aliceSession);
        String bobWas = bob.connectionState();
        for (int i = 8; i <= 10; i++) {
            String text = "message " + i;
            long seq = direct.request(send(conversation, text)).getAccepted().getSeq();
            assertThat(seq).isPositive();
            texts.add(text);
        }

        System.out.println("Bob's page was " + bobWas + " (then " + bob.connectionState()
                + ") while messages 8..10 were sent after the restart");
        alice.awaitConnection("connected");
        bob.awaitConnection("connected");

        aliceSends("message 11");
        aliceSends("message 12");
        bob.send("got them all");
        texts.add("got them all");
    }

    @Test
    @Order(4)
    void bob_holds_and_shows_every_message_exactly_once_at_seqs_one_to_n_without_a_gap() {
        assertHoldsAndShowsEverything(bob);
    }

    @Test
    @Order(5)
    void alice_holds_and_shows_every_message_exactly_once_too_with_nothing_left_pending() {
        assertHoldsAndShowsEverything(alice);
        assertThat(((Number) alice.window(conversation).get("pending")).intValue()).isZero();
        assertThat(alice.all(By.cssSelector("[data-testid='message'][data-seq='']"))).isEmpty();
    }

    private static void assertHoldsAndShowsEverything(Browser browser) {
        int n = texts.size();
        List<Long> expected = LongStream.rangeClosed(1, n).boxed().toList();

        // The client's window: exactly 1..N (it settles once the last sync or push is in).
        browser.await("held seqs 1.." + n + " (state: " + browser.window(conversation) + ")", LONG,
                d -> browser.heldSeqs(conversation).equals(expected));
        Map<String, Object> window = browser.window(conversation);
        assertThat(((Number) window.get("low")).longValue()).isEqualTo(1);
        assertThat(((Number) window.get("high")).longValue()).isEqualTo(n);
        assertThat(((Number) window.get("lastSeq")).longValue()).isEqualTo(n);

        // The page: one element per seq, in order, and nothing else.
        browser.await("rendered seqs 1.." + n, LONG, d -> renderedSeqs(browser).equals(expected));
        List<WebElement> messages = browser.all(testId("message"));
        assertThat(messages).hasSize(n);
        Map<String, Long> seqOfText = new HashMap<>();
        for (WebElement message : messages) {
            String text = message.findElement(testId("message-text")).getText();
            Long previous = seqOfText.put(text, Long.parseLong(message.getDomAttribute("data-seq")));
            assertThat(previous).as("%s shown twice on %s's page", text, browser.name).isNull();
        }
        assertThat(seqOfText.keySet()).containsExactlyInAnyOrderElementsOf(texts);

        // Each sender's own order is kept: Alice's browser and the protocol client each sent in sequence.
        for (int i = 1; i <= 5; i++) {
            assertThat(seqOfText.get("message " + i)).isEqualTo(i);
        }
        assertThat(seqOfText.get("message 6")).isLessThan(seqOfText.get("message 7"));
        assertThat(seqOfText.get("message 8")).isLessThan(seqOfText.get("message 9"));
        assertThat(seqOfText.get("message 9")).isLessThan(seqOfText.get("message 10"));
        assertThat(seqOfText.get("message 11")).isEqualTo(n - 2);
        assertThat(seqOfText.get("message 12")).isEqualTo(n - 1);
        assertThat(seqOfText.get("got them all")).isEqualTo(n);
    }

    /** The data-seq of every event element on the page (messages and system lines), in page order. */
    private static List<Long> renderedSeqs(Browser browser) {
        List<Long> seqs = new ArrayList<>();
        for (WebElement element : browser.all(
                By.cssSelector("[data-testid='message'], [data-testid='system-event']"))) {
            String seq = element.getDomAttribute("data-seq");
            seqs.add(seq == null || seq.isEmpty() ? -1L : Long.parseLong(seq));
        }
        return seqs;
    }

    private static ClientFrame.Builder send(String conversationId, String text) {
        return ClientFrame.newBuilder().setSend(SendMessage.newBuilder()
                .setConversationId(conversationId)
                .setIdempotencyKey(UUID.randomUUID().toString())
                .setBody(MessageBody.newBuilder().setText(text)));
    }
}
