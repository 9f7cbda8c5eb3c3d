package io.cellchat.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.websocket.CloseWebSocketFrame;
import io.cellchat.contracts.codec.StrictJson;
import io.cellchat.contracts.v1.DeviceList;
import io.cellchat.contracts.v1.DeviceSession;
import io.cellchat.contracts.v1.Session;
import io.cellchat.testing.client.TestAccounts;
import io.cellchat.testing.client.TestChatClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Authentication through the real REST API and WebSocket: tampered, expired, revoked and replayed tokens are refused;
 * revoking a device closes its socket at once; a password change ends the other devices; guessing a
 * password is slowed, then refused, the same for an unknown username; guessable passwords are refused.
 */
@Tag("system")
@Timeout(120)
class AuthenticationIT {

    private static ChatServer server;
    private static TestAccounts accounts;

    @BeforeAll
    static void start() throws Exception {
        server = new ChatServer();
        accounts = server.accounts();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void should_refuse_a_tampered_token_over_rest_and_websocket() {
        Session ann = server.register("tamper");
        String token = ann.getToken();
        String tampered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");

        assertError(accounts.get("/api/v1/conversations", tampered), 401, "UNAUTHENTICATED");
        assertThat(closeCode(tampered)).isEqualTo(4001);
        assertThat(accounts.get("/api/v1/conversations", token).status().code()).isEqualTo(200);
    }

    @Test
    void should_refuse_an_expired_access_token_and_accept_the_refreshed_one() throws Exception {
        try (ChatServer shortLived = new ChatServer("auth.access-ttl=1s")) {
            TestAccounts shortAccounts = shortLived.accounts();
            Session session = shortLived.register("expiring");
            Thread.sleep(1_100);

            assertError(shortAccounts.get("/api/v1/conversations", session.getToken()), 401, "UNAUTHENTICATED");
            assertThat(closeCode(shortLived, session.getToken())).isEqualTo(4001);

            Session renewed = TestAccounts.session(shortAccounts.refresh(session.getRefreshToken()));
            assertThat(renewed.getDeviceId()).isEqualTo(session.getDeviceId());
            assertThat(shortLived.connect(renewed).userId()).isEqualTo(session.getUserId());
        }
    }

    @Test
    void should_end_the_device_when_a_refresh_token_is_replayed() {
        Session first = server.register("replayer");
        Session second = TestAccounts.session(accounts.refresh(first.getRefreshToken()));
        TestChatClient socket = server.connect(second);

        assertError(accounts.refresh(first.getRefreshToken()), 401, "UNAUTHENTICATED");

        assertThat(socket.closed().orTimeout(5, TimeUnit.SECONDS).join().status().code()).isEqualTo(4003);
        assertError(accounts.get("/api/v1/conversations", second.getToken()), 401, "UNAUTHENTICATED");
        assertError(accounts.refresh(second.getRefreshToken()), 401, "UNAUTHENTICATED");
    }

    @Test
    void should_list_devices_and_close_a_revoked_devices_socket_within_a_second() throws Exception {
        Session phone = server.register("reviewer");
        Session laptop = accounts.login("reviewer", "laptop");
        Session other = server.register("otheruser");
        TestChatClient laptopSocket = server.connect(laptop);

        DeviceList devices = StrictJson.parse(accounts.get("/api/v1/auth/sessions", phone.getToken())
                .content().array(), DeviceList.newBuilder()).build();
        assertThat(devices.getDevicesList()).extracting(DeviceSession::getDeviceName)
                .containsExactly("laptop", "first device");
        assertThat(devices.getDevicesList()).extracting(DeviceSession::getAddress).containsOnly("127.0.0.1");
        assertThat(devices.getDevicesList()).extracting(DeviceSession::getCurrent).containsExactly(false, true);

        String laptopPath = "/api/v1/auth/sessions/" + laptop.getDeviceId();
        assertError(accounts.delete(laptopPath, other.getToken()), 404, "SESSION_NOT_FOUND");
        assertError(accounts.delete("/api/v1/auth/sessions/12345", other.getToken()), 404, "SESSION_NOT_FOUND");
        assertThat(accounts.delete(laptopPath, phone.getToken()).status().code()).isEqualTo(204);
        long revoked = System.nanoTime();

        // Closed by the revocation itself, not by a token running out (an access token lives 15 min here), and
        // within the second the protocol promises, counted from the revocation's answer (its database write is
        // before that answer and is not part of the promise).
        CloseWebSocketFrame closed = laptopSocket.closed().orTimeout(10, TimeUnit.SECONDS).join();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - revoked)).isLessThan(1_000);
        assertThat(closed.status().code()).isEqualTo(4003);
        assertError(accounts.get("/api/v1/conversations", laptop.getToken()), 401, "UNAUTHENTICATED");
        assertError(accounts.delete(laptopPath, phone.getToken()), 404, "SESSION_NOT_FOUND");
    }

    @Test
    void should_end_every_other_device_when_the_password_changes() {
        Session phone = server.register("changer");
        Session laptop = accounts.login("changer", "laptop");
        TestChatClient laptopSocket = server.connect(laptop);

        assertError(accounts.post("/api/v1/auth/password", "{\"currentPassword\":\"wrong\","
                + "\"newPassword\":\"ferret umbrella quantum\"}", phone.getToken()), 401, "INVALID_CREDENTIALS");
        assertError(accounts.post("/api/v1/auth/password", "{\"currentPassword\":\"correct horse changer\","
                + "\"newPassword\":\"password\"}", phone.getToken()), 400, "WEAK_PASSWORD");
        assertThat(accounts.post("/api/v1/auth/password", "{\"currentPassword\":\"correct horse changer\","
                + "\"newPassword\":\"ferret umbrella quantum\"}", phone.getToken()).status().code()).isEqualTo(204);

        assertThat(laptopSocket.closed().orTimeout(5, TimeUnit.SECONDS).join().status().code()).isEqualTo(4003);
        assertError(accounts.get("/api/v1/conversations", laptop.getToken()), 401, "UNAUTHENTICATED");
        assertThat(accounts.get("/api/v1/conversations", phone.getToken()).status().code()).isEqualTo(200);
    }

    @Test
    void should_slow_then_refuse_password_guessing_and_answer_an_unknown_username_the_same() {
        server.register("target");
        for (String username : new String[] {"target", "nosuchuser"}) {
            for (int i = 0; i < 5; i++) {
                assertError(login(username, "guess number " + i), 401, "INVALID_CREDENTIALS");
            }
        }

        AggregatedHttpResponse known = login("target", "correct horse target");
        AggregatedHttpResponse unknown = login("nosuchuser", "correct horse target");

        assertError(known, 429, "RATE_LIMITED");
        assertError(unknown, 429, "RATE_LIMITED");
        assertThat(known.contentUtf8()).contains("retry in 120 s").isEqualTo(unknown.contentUtf8());
    }

    @Test
    void should_answer_an_unknown_username_and_a_wrong_password_with_identical_responses() {
        server.register("dana");

        AggregatedHttpResponse wrong = login("dana", "not the password of dana");
        AggregatedHttpResponse unknown = login("nosuchdana", "not the password of dana");

        assertError(wrong, 401, "INVALID_CREDENTIALS");
        assertThat(unknown.status()).isEqualTo(wrong.status());
        assertThat(unknown.contentType()).isEqualTo(wrong.contentType());
        assertThat(unknown.contentUtf8()).isEqualTo(wrong.contentUtf8());
    }

    @Test
    void should_refuse_guessable_passwords_at_registration() {
        for (String weak : new String[] {"password", "12345678", "        ", "weakling", "weakling2024"}) {
            assertError(accounts.post("/api/v1/auth/register", "{\"username\":\"weakling\",\"password\":\""
                    + weak + "\"}"), 400, "WEAK_PASSWORD");
        }
        assertThat(accounts.post("/api/v1/auth/register", "{\"username\":\"weakling\","
                + "\"password\":\"ferret umbrella quantum\"}").status().code()).isEqualTo(201);
    }

    private static AggregatedHttpResponse login(String username, String password) {
        return accounts.post("/api/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\""
                + password + "\"}");
    }

    static void assertError(AggregatedHttpResponse response, int status, String code) {
        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(status);
        assertThat(response.contentUtf8()).contains("\"code\":\"" + code + "\"");
    }

    private static int closeCode(String token) {
        return closeCode(server, token);
    }

    /** The close code the server answers a WebSocket with this token with (-1: none). */
    static int closeCode(ChatServer target, String token) {
        return TestChatClient.closeCode(target.uri(), token, ChatServer.JSON);
    }
}
