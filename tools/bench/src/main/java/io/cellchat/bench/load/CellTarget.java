package io.cellchat.bench.load;

import io.cellchat.cluster.LocalCellRun;
import io.cellchat.contracts.codec.MalformedMessageException;
import io.cellchat.contracts.codec.StrictJson;
import io.cellchat.contracts.v1.ConnectInfo;
import io.cellchat.testing.files.Folders;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The distributed cell ({@code cell}): started on this machine by the same code as {@code cellchat cluster up}
 * ({@link LocalCellRun}: PostgreSQL, Redis, Kafka, Cassandra, then the users, history and sequencer roles, the
 * messaging servers and the gateway, each its own process). Users register through the gateway and ask it where to
 * connect ({@code GET /api/v1/connect}), exactly as the web client does, then speak the same protocol to the
 * messaging server it named. The server's CPU and writes are those of every process of the cell, each reported
 * apart ({@link #processes}). The roles run with production JIT and collector settings ({@link #ROLE_JVM}), not the
 * laptop settings of {@code cluster up}; the configuration differs from the defaults as for the single process
 * (cheap password hashing, lifted per-address and per-connection limits), nothing on the message path.
 */
public final class CellTarget implements Target {

    /** G1 with the launcher's pause goal and the full (C2) compiler, as a role would run in production. */
    static final List<String> ROLE_JVM = List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20");

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final LocalCellRun cell;
    private final Map<Long, URI> servers = new ConcurrentHashMap<>();
    private final int brokers;
    private final int messaging;

    private CellTarget(LocalCellRun cell, int brokers, int messaging) {
        this.cell = cell;
        this.brokers = brokers;
        this.messaging = messaging;
    }

    /** Starts a fresh cell with {@code settings} (docs/configuration.md keys) added to every role's configuration. */
    public static CellTarget start(List<String> settings, int brokers, int messaging) throws Exception {
        Path folder = Files.createTempDirectory("cellchat-bench-cell");
        List<String> config = new ArrayList<>(List.of("auth.argon2.memory-kib=64", "auth.argon2.iterations=1",
                "auth.register-per-hour-per-address=1000000", "auth.register-burst-per-address=100000",
                "auth.login-per-hour-per-address=1000000", "auth.login-burst-per-address=100000",
                "auth.access-ttl=7d", "connection.rate-limit=10000", "connection.rate-burst=20000"));
        config.addAll(settings);
        long started = System.nanoTime();
        Progress.line("cell: starting " + brokers + " Kafka broker(s), Cassandra, PostgreSQL, Redis and the roles"
                + " (Cassandra takes a minute or more on two cores) in " + folder);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> Progress.line(String.format("cell: still starting, %.0f s",
                (System.nanoTime() - started) / 1e9)), 15, 15, TimeUnit.SECONDS);
        try {
            LocalCellRun cell = LocalCellRun.start(folder, brokers, messaging, ROLE_JVM, config,
                    line -> Progress.line(String.format("cell [%5.1fs] %s", (System.nanoTime() - started) / 1e9,
                            line)));
            Progress.line(String.format("cell: ready in %.1f s, gateway on 127.0.0.1:%d", cell.startupSeconds(),
                    cell.gatewayPort()));
            return new CellTarget(cell, brokers, messaging);
        } finally {
            ticker.shutdownNow();
        }
    }

    @Override
    public String name() {
        return "cell";
    }

    @Override
    public Dialect dialect() {
        return new CellchatDialect(user -> Objects.requireNonNull(servers.get(user.id()),
                () -> "no messaging server known for user " + user.id()));
    }

    /** No single process: see {@link #processes}. */
    @Override
    public long pid() {
        return -1;
    }

    @Override
    public Map<String, Long> processes() {
        Map<String, Long> processes = new LinkedHashMap<>();
        cell.members().forEach(member -> processes.put(member.name(), member.pid()));
        return processes;
    }

    /** Registers through the gateway, then asks it, for each user, which messaging server to connect to. */
    @Override
    public List<Dialect.User> users(int count) throws Exception {
        String gateway = "http://127.0.0.1:" + cell.gatewayPort();
        List<Dialect.User> users = Registrations.register(gateway, count);
        Progress progress = new Progress();
        Map<URI, Integer> spread = new LinkedHashMap<>();
        for (Dialect.User user : users) {
            URI server = whereToConnect(gateway, user);
            servers.put(user.id(), server);
            spread.merge(server, 1, Integer::sum);
            progress.tick("connect info", servers.size(), count, 0);
        }
        Progress.line("cell: users per messaging server " + spread);
        return users;
    }

    /** {@code GET /api/v1/connect}; a 503 (a partition between owners right after start) is asked again. */
    private static URI whereToConnect(String gateway, Dialect.User user) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            HttpResponse<byte[]> response;
            try {
                response = HTTP.send(HttpRequest.newBuilder(URI.create(gateway + "/api/v1/connect"))
                        .header("authorization", "Bearer " + user.secret()).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                response = null;
            }
            if (response != null && response.statusCode() == 200) {
                try {
                    return URI.create(StrictJson.parse(response.body(), ConnectInfo.newBuilder()).build().getUrl());
                } catch (MalformedMessageException e) {
                    throw new IllegalStateException("/api/v1/connect answered " + e.getMessage(), e);
                }
            }
            if ((response != null && response.statusCode() != 503) || System.nanoTime() > deadline) {
                throw new IllegalStateException("/api/v1/connect for " + user.name() + ": "
                        + (response == null ? "no answer" : response.statusCode() + " " + new String(response.body(),
                        java.nio.charset.StandardCharsets.UTF_8)));
            }
            Thread.sleep(500);
        }
    }

    /** What the results record of the cell: its shape, its start-up time and its processes. */
    public Map<String, Object> facts() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("kafkaBrokers", brokers);
        facts.put("messagingServers", messaging);
        facts.put("startupSeconds", Math.round(cell.startupSeconds() * 10) / 10.0);
        facts.put("processes", cell.members().stream().map(LocalCellRun.Member::name).toList());
        facts.put("roleJvm", String.join(" ", ROLE_JVM));
        return facts;
    }

    /**
     * Stops the cell (roles first, then the engines) and deletes its folder, unless
     * {@code -Dcellchat.bench.keep-data=true} asks to keep the logs and data.
     */
    @Override
    public void close() {
        cell.close();
        if (Boolean.getBoolean("cellchat.bench.keep-data")) {
            Progress.line("cell: logs and data kept in " + cell.folder());
        } else {
            Folders.delete(cell.folder());
        }
    }
}
