package io.cellchat.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The per-address limits of registration and login through the real REST API, at their documented defaults (the
 * other system tests raise them, since they register many users from 127.0.0.1): 10 registrations at once and 50
 * login attempts at once from one address, whatever the usernames, then 429 {@code RATE_LIMITED} with the wait; a
 * second address is still served. {@code cellchat dev} counts the TCP peer and trusts no {@code X-Forwarded-For}
 * (only the cell's roles trust it, from loopback and site-local peers, RoleServer); the test's clients bind to
 * 127.0.0.1 and 127.0.0.2, two addresses of the loopback network.
 */
@Tag("system")
@Timeout(120)
class AddressLimitsIT {

    private static ChatServer server;
    private static HttpClient first;
    private static HttpClient second;

    @BeforeAll
    static void start() throws Exception {
        server = new ChatServer("auth.register-per-hour-per-address=30", "auth.register-burst-per-address=10",
                "auth.login-per-hour-per-address=300", "auth.login-burst-per-address=50");
        first = client("127.0.0.1");
        second = client("127.0.0.2");
    }

    @AfterAll
    static void stop() {
        first.close();
        second.close();
        server.close();
    }

    private static HttpClient client(String localAddress) throws IOException {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .localAddress(InetAddress.getByName(localAddress)).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static HttpResponse<String> post(HttpClient from, String path, String json, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return from.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> register(HttpClient from, String username, String... headers)
            throws IOException, InterruptedException {
        return post(from, "/api/v1/auth/register", "{\"username\":\"" + username
                + "\",\"password\":\"correct horse " + username + "\"}", headers);
    }

    private static HttpResponse<String> login(HttpClient from, String username, String password)
            throws IOException, InterruptedException {
        return post(from, "/api/v1/auth/login", "{\"username\":\"" + username + "\",\"password\":\"" + password
                + "\"}");
    }

    private static void assertRateLimited(HttpResponse<String> response, String limit) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
        assertThat(response.body()).contains("\"code\":\"RATE_LIMITED\"").contains("(" + limit)
                .containsPattern("retry in \\d+ s");
    }

    @Test
    void should_refuse_the_eleventh_registration_from_one_address_and_still_serve_another_address()
            throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(register(first, "crowd" + i).statusCode()).as("registration " + (i + 1)).isEqualTo(201);
        }

        HttpResponse<String> eleventh = register(first, "crowd10");
        HttpResponse<String> spoofed = register(first, "crowd11", "x-forwarded-for", "203.0.113.9");
        HttpResponse<String> elsewhere = register(second, "crowd12");

        assertRateLimited(eleventh, "register.address: 10 at once, then 30 per 60 min");
        assertThat(eleventh.body()).as("one registration every 120 s after the burst")
                .containsPattern("retry in 1[01]\\d s|retry in 120 s");
        assertRateLimited(spoofed, "register.address");
        assertThat(elsewhere.statusCode()).as("another address").isEqualTo(201);
        assertThat(login(second, "crowd10", "correct horse crowd10").statusCode())
                .as("the refused registration stored nothing").isEqualTo(401);
    }

    @Test
    void should_refuse_login_attempts_past_fifty_from_one_address_whatever_the_usernames_and_serve_another()
            throws Exception {
        assertThat(register(second, "roamer").statusCode()).isEqualTo(201);
        for (int i = 0; i < 50; i++) {
            assertThat(login(first, "guess" + i, "wrong password " + i).statusCode()).as("attempt " + (i + 1))
                    .isEqualTo(401);
        }

        HttpResponse<String> right = login(first, "roamer", "correct horse roamer");
        HttpResponse<String> elsewhere = login(second, "roamer", "correct horse roamer");

        assertRateLimited(right, "login.address: 50 at once, then 300 per 60 min");
        assertThat(right.body()).as("one attempt every 12 s after the burst").containsPattern("retry in 1[0-2] s");
        assertThat(elsewhere.statusCode()).as("the same account from another address").isEqualTo(200);
    }
}
