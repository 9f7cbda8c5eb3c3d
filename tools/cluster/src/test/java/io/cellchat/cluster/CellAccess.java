package io.cellchat.cluster;

import io.cellchat.contracts.ProtoJson;
import io.cellchat.contracts.codec.MalformedMessageException;
import io.cellchat.contracts.codec.StrictJson;
import io.cellchat.contracts.v1.ConnectInfo;
import io.cellchat.contracts.v1.RegisterRequest;
import io.cellchat.contracts.v1.Session;
import io.cellchat.testing.client.TestAccounts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * What the tests of a multi-process cell do as a client would, through the gateway, patiently: a loaded machine
 * makes the roles slow to answer, and a cell's test must not fail on a 503 that a real client would retry. Also the
 * cell's folder, emptied before each run and kept after it (each process's {@code engine.log}).
 */
final class CellAccess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private CellAccess() {}

    /**
     * Registers through the gateway: a 503 (the users role did not answer within the deadline) is retried, and a
     * retry that finds the name taken (the first attempt went through after all) logs in instead.
     */
    static Session register(TestAccounts accounts, String username) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            var response = accounts.post("/api/v1/auth/register", ProtoJson.print(RegisterRequest.newBuilder()
                    .setUsername(username).setPassword("correct horse " + username).build()));
            try {
                if (response.status().code() == 201) {
                    return StrictJson.parse(response.content().array(), Session.newBuilder()).build();
                }
                if (response.status().code() == 409) {
                    return accounts.login(username, "test device");
                }
            } catch (MalformedMessageException | AssertionError e) {
                // a login that met a 503 too: try again
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("cannot register " + username + ": " + response.status() + " "
                        + response.contentUtf8());
            }
            sleep(Duration.ofMillis(500));
        }
    }

    /** The WebSocket URL the gateway gives the token's user, or {@code null} while it has none (503, no answer). */
    static @Nullable URI whereToConnect(String gateway, String token) {
        try {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/connect"))
                    .header("authorization", "Bearer " + token).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                return null;
            }
            return URI.create(StrictJson.parse(response.body(), ConnectInfo.newBuilder()).build().getUrl());
        } catch (IOException | MalformedMessageException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Empties (or creates) the cell's folder and leaves a README saying whose it is. */
    static void fresh(Path folder, String readme) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("README"), readme + "\n", StandardCharsets.UTF_8);
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
