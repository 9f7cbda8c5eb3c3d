package io.cellchat.system.browser;

import static io.cellchat.system.browser.Browser.messageWithText;
import static io.cellchat.system.browser.Browser.testId;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.imageio.ImageIO;
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
 * Annie on a laptop and Bennet on a small phone (375 px) find each other, become contacts and chat; then Annie
 * blocks Bennet, whose next message is refused and says so, and unblocks him, after which his messages go through
 * again. All through the web client's People and Settings pages against the real server: the search with its
 * minimum length, the invitation pushed live to Bennet's browser, the contact list with presence, the blocked
 * list, the privacy settings, the device list with a revoke, a profile picture uploaded (and a file that is not one
 * refused in words) that the other person then sees, and the search rate limit explained. The People and Settings
 * pages are checked like {@link ScreensIT} checks the main screens (nothing scrolls sideways, every control inside
 * the window, no serious axe-core violation) and saved as screenshots.
 */
@Tag("browser")
@Timeout(300)
@ExtendWith(Scenario.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContactsAndBlockingIT {

    private static final Path SHOTS = Path.of(System.getProperty("cellchat.screenshots", "target/screenshots"));
    private static final int PHONE_WIDTH = 375;
    private static final int PHONE_HEIGHT = 667;

    private static WebChatServer server;
    private static Browser annie;
    private static Browser bennet;
    private static String conversation;
    private static final List<String> problems = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        server = new WebChatServer();
        annie = Browser.launch("annie");
        bennet = Browser.launch("bennet");
        annie.viewport(Browser.Viewport.LAPTOP);
        bennet.viewport(PHONE_WIDTH, PHONE_HEIGHT);
    }

    @AfterAll
    static void stop() {
        try {
            Browser.closeAll(annie, bennet);
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    @Order(1)
    void annie_signs_up_in_the_form_and_bennet_signs_in_on_his_phone_with_a_tablet_signed_in_too() {
        server.register("bennet", "Bennet Baker");
        server.login("bennet", "Bennet's tablet");
        annie.open(server.uri());
        bennet.open(server.uri());
        annie.register("annie", "annie's secret garden", "Annie Archer");
        bennet.login("bennet", WebChatServer.password("bennet"));
    }

    @Test
    @Order(2)
    void annie_searches_needs_three_characters_and_invites_bennet() {
        annie.click(testId("people-button"));
        annie.visible(testId("people-view"));

        annie.type(testId("people-search"), "be");
        annie.await("the minimum length explained", d ->
                "short".equals(annie.attribute(testId("people-search-status"), "data-status")));
        assertThat(annie.all(testId("people-search-status")).getFirst().getText()).contains("at least 3 characters");
        assertThat(annie.all(testId("people-result"))).isEmpty();

        annie.type(testId("people-search"), "n");
        By result = testId("people-result", "data-username", "bennet");
        annie.visible(result);
        assertThat(annie.textWithin(result, By.cssSelector(".person-name"))).isEqualTo("Bennet Baker");

        annie.tabTo(testId("person-invite"), 6); // from the search field, by keyboard
        annie.keys(Keys.ENTER);

        annie.await("Bennet invited", d -> "INVITATION_SENT".equals(annie.attribute(result, "data-state")));
        annie.visible(testId("invitation-sent", "data-username", "bennet"));
    }

    @Test
    @Order(3)
    void bennet_gets_the_invitation_live_and_accepts_it() {
        bennet.await("the invitation badge, pushed without a reload", d ->
                "1".equals(d.findElement(testId("people-badge")).getText()));

        bennet.click(testId("people-button"));
        By invitation = testId("invitation-received", "data-username", "annie");
        bennet.visible(invitation);
        bennet.clickWithin(invitation, testId("person-accept"));

        bennet.visible(testId("contact-row", "data-username", "annie"));
        bennet.gone(invitation);
        bennet.gone(testId("people-badge"));
        By annieSide = testId("contact-row", "data-username", "bennet");
        annie.visible(annieSide);
        annie.gone(testId("invitation-sent", "data-username", "bennet"));
        annie.await("Bennet's presence shown to his new contact", d -> "ONLINE".equals(annie.attribute(
                By.cssSelector("[data-testid='contact-row'][data-username='bennet'] [data-testid='presence-dot']"),
                "data-status")));

        check(annie, "people-laptop");
        check(bennet, "people-phone");
    }

    @Test
    @Order(4)
    void annie_messages_her_new_contact_and_bennet_answers() {
        annie.clickWithin(testId("contact-row", "data-username", "bennet"), testId("person-message"));
        annie.await("the chat with Bennet open", d -> "Bennet Baker".equals(d.findElement(testId("chat-title")).getText()));
        conversation = annie.openConversationId();
        annie.send("Hi Bennet");

        bennet.click(testId("page-back"));
        bennet.openConversation(conversation);
        bennet.visible(messageWithText("Hi Bennet"));
        bennet.send("Hi Annie");
        annie.visible(messageWithText("Hi Annie"));
    }

    @Test
    @Order(5)
    void annie_blocks_bennet_and_his_next_message_is_refused_and_marked() {
        annie.click(testId("chat-menu-button"));
        annie.click(testId("menu-block"));
        annie.visible(testId("confirm-dialog"));
        annie.click(testId("confirm-ok"));
        annie.visible(testId("blocked-bar"));
        annie.gone(testId("composer-input"));

        bennet.send("Are you still there?");

        By refused = messageWithText("Are you still there?");
        bennet.await("the refused message marked failed", d -> "failed".equals(bennet.attribute(refused, "data-status")));
        assertThat(bennet.textWithin(refused, testId("message-failed")))
                .contains("Not sent")
                .contains("does not accept messages from you");
        assertThat(annie.all(messageWithText("Are you still there?"))).isEmpty();
    }

    @Test
    @Order(6)
    void annie_sees_bennet_in_her_blocked_list_and_unblocks_him() {
        annie.click(testId("settings-button"));
        By blocked = testId("blocked-row", "data-username", "bennet");
        annie.visible(blocked);
        annie.visible(testId("device-row", "data-current", "true"));
        bennet.js("location.hash = '/settings'");
        bennet.visible(testId("device-row", "data-current", "true"));
        check(annie, "settings-laptop");
        check(bennet, "settings-phone");

        annie.clickWithin(blocked, testId("person-unblock"));

        annie.gone(blocked);
        annie.visible(testId("blocked-empty"));
    }

    @Test
    @Order(7)
    void annie_saves_a_bio_and_bennet_hides_his_last_seen_and_signs_his_tablet_out() {
        annie.type(testId("profile-bio"), "Archery on Sundays");
        annie.click(testId("profile-save"));
        annie.await("saved", d -> "Profile saved.".equals(d.findElement(testId("profile-status")).getText()));

        bennet.click(testId("privacy-lastSeen-NOBODY"));
        bennet.await("the setting taken", d -> d.findElement(testId("privacy-lastSeen-NOBODY")).isSelected());
        assertThat(bennet.all(testId("privacy-error"))).isEmpty();

        By tablet = By.xpath("//*[@data-testid='device-row'][.//*[contains(., \"Bennet's tablet\")]]");
        bennet.visible(tablet);
        bennet.clickWithin(tablet, testId("device-revoke"));
        bennet.click(testId("confirm-ok"));
        bennet.gone(tablet);
        assertThat(bennet.all(testId("device-row"))).as("this phone and the registration's session").hasSize(2);
        bennet.visible(testId("device-row", "data-current", "true"));

        bennet.driver().navigate().refresh();
        bennet.awaitConnected();
        bennet.await("the setting kept by the server", d -> d.findElement(testId("privacy-lastSeen-NOBODY")).isSelected());
        annie.driver().navigate().refresh();
        annie.awaitConnected();
        annie.await("the bio kept by the server", d ->
                "Archery on Sundays".equals(d.findElement(testId("profile-bio")).getDomProperty("value")));
    }

    @Test
    @Order(8)
    void annie_uploads_a_picture_that_bennet_sees_and_a_file_that_is_no_picture_is_refused_in_words() throws Exception {
        Path notAPicture = Files.createTempFile("holiday", ".png");
        Files.writeString(notAPicture, "this is not an image at all");
        annie.driver().findElement(testId("avatar-input")).sendKeys(notAPicture.toAbsolutePath().toString());
        annie.await("the server's refusal in words", d -> d.findElement(testId("avatar-status")).getText()
                .equals("That file is not a picture Cellchat can use. Choose a JPEG, PNG, GIF or WebP image."));

        Path picture = Files.createTempFile("annie", ".png");
        BufferedImage image = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0xE0, 0x7A, 0x1F));
        g.fillRect(0, 0, 300, 200);
        g.dispose();
        ImageIO.write(image, "png", picture.toFile());
        annie.driver().findElement(testId("avatar-input")).sendKeys(picture.toAbsolutePath().toString());
        annie.await("uploaded", d -> "Picture updated.".equals(d.findElement(testId("avatar-status")).getText()));
        annie.await("shown in the profile, fetched with the token",
                d -> Boolean.TRUE.equals(annie.js("const img = document.querySelector("
                        + "\"[data-testid='settings-profile'] .avatar-img\"); return !!img && img.complete"
                        + " && img.naturalWidth > 0 && img.src.startsWith('blob:')")));
        annie.visible(testId("avatar-remove"));
        Files.delete(notAPicture);
        Files.delete(picture);

        bennet.driver().navigate().refresh();
        bennet.awaitConnected();
        bennet.js("location.hash = '/'");
        // The block ended their contact: Bennet sees Annie's picture beside their chat, from her whole profile.
        bennet.await("Annie's picture in Bennet's chat list", d -> Boolean.TRUE.equals(bennet.js("const img ="
                + " document.querySelector(\"[data-testid='conversation-item'][data-conversation-id='\" + arguments[0]"
                + " + \"'] .avatar-img\"); return !!img && img.complete && img.naturalWidth > 0", conversation)));
        check(annie, "settings-avatar-laptop");
    }

    @Test
    @Order(9)
    void bennet_sends_again_and_annie_gets_it() {
        bennet.js("location.hash = '/c/' + encodeURIComponent(arguments[0])", conversation);
        bennet.visible(testId("composer-input"));
        bennet.send("Back again");

        bennet.await("the new message accepted", d ->
                bennet.attribute(messageWithText("Back again"), "data-seq") != null
                        && !bennet.attribute(messageWithText("Back again"), "data-seq").isEmpty());
        annie.openConversation(conversation);
        annie.visible(messageWithText("Back again"));
        annie.visible(testId("composer-input"));
        assertThat(annie.all(messageWithText("Are you still there?"))).as("what was refused stays unsent").isEmpty();
        assertThat(bennet.attribute(messageWithText("Are you still there?"), "data-status"))
                .as("still marked failed on Bennet's phone after its reload, waiting for his retry").isEqualTo("failed");
    }

    @Test
    @Order(10)
    void searching_faster_than_the_server_allows_is_explained_not_hidden() throws Exception {
        annie.click(testId("people-button"));
        annie.visible(testId("people-search"));
        String token = (String) annie.js("return JSON.parse(localStorage.getItem('cellchat.session')).token");
        AtomicBoolean hammering = new AtomicBoolean(true);
        // Annie's other searches (same account) take every token the server's search limit refills.
        Thread other = Thread.ofVirtual().start(() -> {
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpRequest search = HttpRequest.newBuilder(URI.create(server.uri() + "/api/v1/users?query=ann"))
                        .header("Authorization", "Bearer " + token).build();
                while (hammering.get()) {
                    http.send(search, HttpResponse.BodyHandlers.discarding());
                }
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            annie.await("the search limit reached", d -> {
                annie.type(testId("people-search"), Keys.chord(Keys.CONTROL, "a"), "bennet" + System.nanoTime() % 1000);
                return annie.await("an answer", d2 -> {
                    String status = annie.attribute(testId("people-search-status"), "data-status");
                    return "done".equals(status) || "failed".equals(status) ? status : null;
                }).equals("failed");
            });
        } finally {
            hammering.set(false);
            other.join();
        }
        assertThat(annie.all(testId("people-search-status")).getFirst().getText())
                .isEqualTo("Too many searches in a short time. Wait a minute, then search again.");
    }

    @Test
    @Order(11)
    void no_new_page_had_a_layout_or_accessibility_problem() {
        assertThat(problems).isEmpty();
    }

    private static void check(Browser browser, String screen) {
        browser.layoutProblems().forEach(p -> problems.add(screen + ": " + p));
        browser.accessibilityProblems().forEach(p -> problems.add(screen + ": " + p));
        browser.screenshot(SHOTS.resolve(screen + ".png"));
    }
}
