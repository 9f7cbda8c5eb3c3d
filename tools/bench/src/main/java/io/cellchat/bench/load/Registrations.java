package io.cellchat.bench.load;

import io.cellchat.contracts.ProtoJson;
import io.cellchat.contracts.codec.MalformedMessageException;
import io.cellchat.contracts.codec.StrictJson;
import io.cellchat.contracts.v1.LoginRequest;
import io.cellchat.contracts.v1.RegisterRequest;
import io.cellchat.contracts.v1.Session;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Registers the benchmark's users over Cellchat's REST API ({@code POST /api/v1/auth/register}), 16 at a time, as
 * {@code bench<i>}: against the single process directly, against a cell through its gateway (which forwards to the
 * users role). A {@code 503} (a role slower than the gateway's deadline on a loaded machine) is retried; a retry that
 * finds the name taken (the first attempt went through after all) logs in instead.
 */
final class Registrations {

    private static final Duration GIVE_UP = Duration.ofSeconds(60);

    private Registrations() {}

    static List<Dialect.User> register(String base, int count) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Progress progress = new Progress();
        AtomicInteger done = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<Dialect.User>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    Dialect.User user = one(http, base, index);
                    progress.tick("register", done.incrementAndGet(), count, 0);
                    return user;
                }));
            }
            List<Dialect.User> users = new ArrayList<>(count);
            for (Future<Dialect.User> future : futures) {
                users.add(future.get());
            }
            return users;
        }
    }

    private static Dialect.User one(HttpClient http, String base, int index) throws Exception {
        String username = "bench" + index;
        String password = "bench-password-" + index;
        long deadline = System.nanoTime() + GIVE_UP.toNanos();
        String path = "/api/v1/auth/register";
        String body = ProtoJson.print(RegisterRequest.newBuilder().setUsername(username).setPassword(password).build());
        while (true) {
            HttpResponse<String> response;
            try {
                response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                        .header("content-type", "application/json").timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                response = null;
            }
            if (response != null && (response.statusCode() == 201 || response.statusCode() == 200)) {
                return user(index, username, response.body());
            }
            if (response != null && response.statusCode() == 409 && path.endsWith("register")) {
                path = "/api/v1/auth/login";
                body = ProtoJson.print(LoginRequest.newBuilder().setUsername(username).setPassword(password)
                        .setDeviceName("bench").build());
                continue;
            }
            boolean retriable = response == null || response.statusCode() == 503;
            if (!retriable || System.nanoTime() > deadline) {
                throw new IllegalStateException(path + " " + username + ": "
                        + (response == null ? "no answer" : response.statusCode() + " " + response.body()));
            }
            Thread.sleep(500);
        }
    }

    private static Dialect.User user(int index, String username, String body) {
        try {
            Session session = StrictJson.parse(body, Session.newBuilder()).build();
            return new Dialect.User(index, session.getUserId(), username, session.getToken());
        } catch (MalformedMessageException e) {
            throw new IllegalStateException(username + ": " + e.getMessage(), e);
        }
    }
}
