package io.cellchat.cluster;

import io.cellchat.testing.engines.LocalCell;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Starts the processes of a local cell, each recorded in its {@link ClusterState} the moment it starts: the engines
 * in parallel (PostgreSQL and Redis with their durability on, Kafka with one or three brokers, Cassandra), then the
 * users, history and sequencer roles, then the messaging servers and the gateway, each
 * {@code cellchat.jar serve --role ...} with the cell's {@code cell.properties}. {@code cellchat cluster up} uses it
 * once; the cell's fault test uses the same code, and {@link #restart} to bring a killed role back on its port.
 */
final class CellLauncher {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    /**
     * The roles' JVM options on a laptop: a small heap and the C1 compiler only, so that seven JVMs start fast and fit
     * beside the engines. A benchmark that wants production code paths gives its own ({@link LocalCellRun}).
     */
    static final List<String> SMALL_ROLE_JVM = List.of("-Xms64m", "-Xmx384m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1");

    /** The engines' endpoints, for the roles' configuration. */
    record Engines(String kafka, int cassandraPort, int postgresPort, int redisPort) {}

    /** A role process: its name in the cell ({@code messaging-2}), its role, its HTTP port. */
    record Role(String name, String role, int port) {}

    private final ClusterState state;
    private final long keeper;
    private final Path jar;
    private final Consumer<String> progress;
    private final List<String> roleJvm;
    private final Map<String, Role> roles = new ConcurrentHashMap<>();

    /**
     * @param keeper the PID every watchdog follows: when it is gone, the cell stops
     * @param jar the {@code cellchat.jar} the roles run
     * @param progress where the progress lines go
     */
    CellLauncher(ClusterState state, long keeper, Path jar, Consumer<String> progress) {
        this(state, keeper, jar, progress, SMALL_ROLE_JVM);
    }

    /** As above, with the roles' JVM options (heap, collector, compiler) in place of {@link #SMALL_ROLE_JVM}. */
    CellLauncher(ClusterState state, long keeper, Path jar, Consumer<String> progress, List<String> roleJvm) {
        this.roleJvm = List.copyOf(roleJvm);
        this.state = state;
        this.keeper = keeper;
        this.jar = jar;
        this.progress = progress;
    }

    Engines startEngines(int brokers) {
        progress.accept("starting PostgreSQL, Redis, Kafka (" + brokers + " broker" + (brokers == 1 ? "" : "s")
                + ") and Cassandra");
        var postgres = CompletableFuture.supplyAsync(() -> engine(LocalCell.postgres(state.folderOf("postgres"),
                keeper)));
        var redis = CompletableFuture.supplyAsync(() -> engine(LocalCell.redis(state.folderOf("redis"), keeper)));
        var kafka = CompletableFuture.supplyAsync(() -> LocalCell.kafka(state.folderOf("kafka"), keeper, brokers)
                .stream().map(this::engine).toList());
        var cassandra = CompletableFuture.supplyAsync(() -> engine(LocalCell.cassandra(state.folderOf("cassandra"),
                keeper)));
        try {
            CompletableFuture.allOf(postgres, redis, kafka, cassandra).join();
        } catch (RuntimeException e) {
            throw new IllegalStateException("an engine did not start: " + rootMessage(e), e);
        }
        return new Engines(Objects.requireNonNull(kafka.join().getFirst().endpoint().get("bootstrap"), "bootstrap"),
                port(cassandra.join()), port(postgres.join()), port(redis.join()));
    }

    /**
     * Writes {@code cell.properties} and starts every role, the edge last; returns once all are ready.
     *
     * @param extraConfig lines appended to {@code cell.properties} (keys of docs/configuration.md)
     */
    void startRoles(Engines engines, int brokers, int messaging, int gatewayPort, List<String> extraConfig)
            throws IOException {
        int users = freePort();
        int history = freePort();
        CellConfig.write(state.config(), new CellConfig(engines.kafka(), brokers, engines.cassandraPort(),
                engines.postgresPort(), engines.redisPort(), users, history, state.folder().resolve("sequencer")));
        if (!extraConfig.isEmpty()) {
            Files.writeString(state.config(), String.join("\n", extraConfig) + "\n",
                    java.nio.charset.StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        }
        List<Role> first = List.of(new Role("users", "users", users), new Role("history", "history", history),
                new Role("sequencer", "sequencer", freePort()));
        awaitReady(first.stream().map(this::start).toList());
        List<Role> edge = new ArrayList<>();
        for (int i = 1; i <= messaging; i++) {
            edge.add(new Role("messaging-" + i, "messaging", freePort()));
        }
        edge.add(new Role("gateway", "gateway", gatewayPort));
        awaitReady(edge.stream().map(this::start).toList());
    }

    /** Starts a role that was started before (and died) again, on the same port; returns once it is ready. */
    ClusterState.Entry restart(String name) {
        Role role = Objects.requireNonNull(roles.get(name), () -> "no role named " + name);
        try {
            // The watchdog writes the new PID here; the old one must not be read back first.
            Files.deleteIfExists(state.folderOf(name).resolve("engine.pid"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ClusterState.Entry entry = start(role);
        awaitReady(List.of(entry));
        return entry;
    }

    private LocalCell.Started engine(LocalCell.Started started) {
        state.record(new ClusterState.Entry(started.name(), "engine", started.watchdog(), started.pid(),
                port(started)));
        progress.accept(started.name() + " ready on 127.0.0.1:" + port(started));
        return started;
    }

    private static int port(LocalCell.Started started) {
        return Integer.parseInt(started.endpoint().getOrDefault("port", "0"));
    }

    private ClusterState.Entry start(Role role) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        command.addAll(roleJvm);
        // As the launcher does: CELLCHAT_LOG_FORMAT=json gives every role JSON log lines.
        if ("json".equals(System.getenv("CELLCHAT_LOG_FORMAT"))) {
            command.add("-Dlogback.configurationFile=logback-json.xml");
        }
        command.addAll(List.of("-jar", jar.toString(), "serve", "--role", role.role(), "--config",
                state.config().toString(), "--set", "server.port=" + role.port()));
        if (role.role().equals("messaging")) {
            command.addAll(List.of("--set", "messaging.address=http://127.0.0.1:" + role.port()));
        }
        roles.put(role.name(), role);
        LocalCell.Started started = LocalCell.process(role.name(), state.folderOf(role.name()), keeper, 30, command);
        ClusterState.Entry entry = new ClusterState.Entry(role.name(), "role", started.watchdog(), started.pid(),
                role.port());
        state.record(entry);
        progress.accept("started " + role.name() + " (pid " + started.pid() + ", port " + role.port() + ")");
        return entry;
    }

    private void awaitReady(List<ClusterState.Entry> started) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        List<ClusterState.Entry> waiting = new ArrayList<>(started);
        while (!waiting.isEmpty()) {
            for (ClusterState.Entry role : List.copyOf(waiting)) {
                if (!Health.alive(role.pid())) {
                    throw new IllegalStateException(role.name() + " exited; see " + state.folder()
                            .resolve(role.name()).resolve("engine.log"));
                }
                if (Health.ready(role.port()).ready()) {
                    progress.accept(role.name() + " ready on http://127.0.0.1:" + role.port());
                    waiting.remove(role);
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not ready within " + READY_TIMEOUT.toMinutes() + " min: "
                        + waiting.stream().map(r -> r.name() + " (" + Health.ready(r.port()).detail() + ")").toList());
            }
            DownCommand.sleep(250);
        }
    }

    /**
     * A copy of the executable for this cell, so a rebuild while it runs (the launcher rebuilds when sources change)
     * never swaps the jars under the running roles: the project's own jars are copied, the dependencies (which a
     * rebuild replaces rather than rewrites) are hard-linked.
     */
    static Path snapshot(Path jar, Path folder) throws IOException {
        Path lib = folder.resolve("lib");
        Files.createDirectories(lib);
        Path copy = folder.resolve(jar.getFileName());
        Files.copy(jar, copy);
        try (Stream<Path> jars = Files.list(jar.resolveSibling("lib"))) {
            for (Path dependency : jars.toList()) {
                Path target = lib.resolve(dependency.getFileName());
                if (dependency.getFileName().toString().startsWith("cellchat-")) {
                    Files.copy(dependency, target);
                } else {
                    try {
                        Files.createLink(target, dependency);
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(dependency, target);
                    }
                }
            }
        }
        return copy;
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }
}
