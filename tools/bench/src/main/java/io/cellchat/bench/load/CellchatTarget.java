package io.cellchat.bench.load;

import io.cellchat.contracts.ProtoJson;
import io.cellchat.contracts.codec.MalformedMessageException;
import io.cellchat.contracts.codec.StrictJson;
import io.cellchat.contracts.v1.RegisterRequest;
import io.cellchat.contracts.v1.Session;
import io.cellchat.testing.files.Folders;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Cellchat's single process ({@code cellchat dev}) on a fresh data folder, with history persisted to SQLite
 * ({@code synchronous=FULL}, group commit) as in production. Two settings differ from the defaults, both outside
 * what is measured: password hashing is cheap (users are registered before the measurement; login cost is not
 * part of any figure), and the per-connection rate limit is lifted for the capacity of a load generator.
 */
public final class CellchatTarget implements Target {

    private final JavaServerProcess process;
    private final int port;
    private final Path data;

    private CellchatTarget(JavaServerProcess process, int port, Path data) {
        this.process = process;
        this.port = port;
        this.data = data;
    }

    public static CellchatTarget start(Path appJar, int port, List<String> settings) throws Exception {
        Path data = Files.createTempDirectory("cellchat-bench");
        List<String> args = new ArrayList<>(List.of("-jar", appJar.toString(), "dev", "--port", Integer.toString(port),
                "--data", data.toString(),
                "--set", "auth.argon2.memory-kib=64", "--set", "auth.argon2.iterations=1",
                "--set", "connection.rate-limit=10000", "--set", "connection.rate-burst=20000"));
        for (String setting : settings) {
            args.add("--set");
            args.add(setting);
        }
        JavaServerProcess process = JavaServerProcess.start(args, data.resolve("server.log"),
                "http://127.0.0.1:" + port + "/health/ready");
        return new CellchatTarget(process, port, data);
    }

    @Override
    public String name() {
        return "cellchat";
    }

    @Override
    public Dialect dialect() {
        return new CellchatDialect("127.0.0.1", port);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public List<Dialect.User> users(int count) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        Semaphore inFlight = new Semaphore(16);
        List<CompletableFuture<Dialect.User>> futures = new ArrayList<>();
        Progress progress = new Progress();
        int[] done = {0};
        for (int i = 0; i < count; i++) {
            int index = i;
            String body = ProtoJson.print(RegisterRequest.newBuilder()
                    .setUsername("bench" + index).setPassword("bench-password-" + index).build());
            inFlight.acquire();
            futures.add(http.sendAsync(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/api/v1/auth/register"))
                            .header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString())
                    .thenApply(response -> {
                        inFlight.release();
                        synchronized (done) {
                            progress.tick("register", ++done[0], count, 0);
                        }
                        if (response.statusCode() != 201) {
                            throw new IllegalStateException("register bench" + index + ": " + response.body());
                        }
                        try {
                            Session session = StrictJson.parse(response.body(), Session.newBuilder()).build();
                            return new Dialect.User(index, session.getUserId(), "bench" + index, session.getToken());
                        } catch (MalformedMessageException e) {
                            throw new IllegalStateException(e);
                        }
                    }));
        }
        List<Dialect.User> users = new ArrayList<>();
        for (CompletableFuture<Dialect.User> future : futures) {
            users.add(future.join());
        }
        return users;
    }

    public Path data() {
        return data;
    }

    /**
     * Stops the server and deletes its data folder (a few hundred MB after a sweep), unless
     * {@code -Dcellchat.bench.keep-data=true} asks to keep it for a look at the database or the server log.
     */
    @Override
    public void close() {
        process.close();
        if (Boolean.getBoolean("cellchat.bench.keep-data")) {
            Progress.line("cellchat: data kept in " + data);
        } else {
            Folders.delete(data);
        }
    }
}
