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
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cellchat cluster up}: starts a fresh cell on 127.0.0.1 and returns once every process is ready. First a
 * keeper process (the owner every watchdog follows), then the engines in parallel (PostgreSQL and Redis with their
 * durability on, Kafka with one or three brokers, Cassandra), then the users, history and sequencer roles, then the
 * messaging servers and the gateway, each {@code app/target/cellchat.jar serve --role ...} with the cell's
 * {@code cell.properties}. Every process is recorded the moment it starts; if anything fails, what was started is
 * stopped again, and {@code down} can always finish the job.
 */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Start a whole cell on this machine.")
final class UpCommand implements Callable<Integer> {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(5);

    @ParentCommand
    ClusterMain parent;

    @Option(names = "--brokers", defaultValue = "1", description = "Kafka brokers: 1 or 3 (default: ${DEFAULT-VALUE}).")
    int brokers;

    @Option(names = "--messaging", defaultValue = "2", description = "Messaging servers (default: ${DEFAULT-VALUE}).")
    int messaging;

    @Option(names = "--port", defaultValue = "8080",
            description = "Port of the gateway, where the web client is (default: ${DEFAULT-VALUE}).")
    int port;

    private final Instant started = Instant.now();

    @Override
    public Integer call() throws Exception {
        if (brokers != 1 && brokers != 3) {
            throw new IllegalArgumentException("--brokers: " + brokers + " (expected: 1 or 3)");
        }
        if (messaging < 1 || messaging > 8) {
            throw new IllegalArgumentException("--messaging: " + messaging + " (expected: 1..8)");
        }
        ClusterState state = parent.state();
        if (state.running()) {
            throw new IllegalStateException("a cell already runs under " + state.folder()
                    + " (see 'cellchat cluster status'; stop it with 'cellchat cluster down')");
        }
        if (!state.entries().isEmpty()) {
            System.out.println("stopping what is left of an earlier cell under " + state.folder());
            DownCommand.stop(state);
        }
        Path jar = LocalCell.projectRoot().resolve("app/target/cellchat.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("missing " + jar + " (the cellchat launcher builds it)");
        }
        if (!portFree(port)) {
            throw new IllegalStateException("--port: " + port + " is in use on 127.0.0.1 (expected: a free port)");
        }
        fresh(state.folder());
        jar = snapshot(jar, state.folder().resolve("app"));
        long keeper = new ProcessBuilder("sleep", "infinity").start().pid();
        state.writeKeeper(keeper);
        try {
            Cell cell = startEngines(state, keeper);
            startRoles(state, keeper, cell, jar);
        } catch (RuntimeException e) {
            System.err.println("cellchat cluster up failed: " + e.getMessage());
            System.err.println("stopping what was started (logs stay under " + state.folder() + ")");
            DownCommand.stop(state);
            return 1;
        }
        System.out.printf("%n[%5.1fs] the cell is ready: %d Kafka broker(s), %d messaging servers%n", seconds(),
                brokers, messaging);
        System.out.println("  web client:  http://127.0.0.1:" + port + "/");
        System.out.println("  state, logs: " + state.folder());
        System.out.println("  status:      ./cellchat cluster status");
        System.out.println("  stop:        ./cellchat cluster down");
        return 0;
    }

    /** The engines' endpoints, for the roles' configuration. */
    private record Cell(String kafka, int cassandraPort, int postgresPort, int redisPort) {}

    private Cell startEngines(ClusterState state, long keeper) {
        progress("starting PostgreSQL, Redis, Kafka (" + brokers + " broker" + (brokers == 1 ? "" : "s")
                + ") and Cassandra");
        var postgres = CompletableFuture.supplyAsync(() -> engine(state, LocalCell.postgres(state.folderOf("postgres"),
                keeper)));
        var redis = CompletableFuture.supplyAsync(() -> engine(state, LocalCell.redis(state.folderOf("redis"), keeper)));
        var kafka = CompletableFuture.supplyAsync(() -> LocalCell.kafka(state.folderOf("kafka"), keeper, brokers)
                .stream().map(node -> engine(state, node)).toList());
        var cassandra = CompletableFuture.supplyAsync(() -> engine(state,
                LocalCell.cassandra(state.folderOf("cassandra"), keeper)));
        try {
            CompletableFuture.allOf(postgres, redis, kafka, cassandra).join();
        } catch (RuntimeException e) {
            throw new IllegalStateException("an engine did not start: " + rootMessage(e), e);
        }
        return new Cell(Objects.requireNonNull(kafka.join().getFirst().endpoint().get("bootstrap"), "bootstrap"),
                port(cassandra.join()), port(postgres.join()), port(redis.join()));
    }

    private LocalCell.Started engine(ClusterState state, LocalCell.Started started) {
        state.record(new ClusterState.Entry(started.name(), "engine", started.watchdog(), started.pid(),
                port(started)));
        progress(started.name() + " ready on 127.0.0.1:" + port(started));
        return started;
    }

    private static int port(LocalCell.Started started) {
        return Integer.parseInt(started.endpoint().getOrDefault("port", "0"));
    }

    private void startRoles(ClusterState state, long keeper, Cell cell, Path jar) throws IOException {
        int users = freePort();
        int history = freePort();
        CellConfig.write(state.config(), new CellConfig(cell.kafka(), brokers, cell.cassandraPort(),
                cell.postgresPort(), cell.redisPort(), users, history, state.folder().resolve("sequencer")));
        List<Role> first = List.of(new Role("users", "users", users), new Role("history", "history", history),
                new Role("sequencer", "sequencer", freePort()));
        awaitReady(first.stream().map(role -> start(state, keeper, jar, role)).toList());
        List<Role> edge = new ArrayList<>();
        for (int i = 1; i <= messaging; i++) {
            edge.add(new Role("messaging-" + i, "messaging", freePort()));
        }
        edge.add(new Role("gateway", "gateway", port));
        awaitReady(edge.stream().map(role -> start(state, keeper, jar, role)).toList());
    }

    private record Role(String name, String role, int port) {}

    private ClusterState.Entry start(ClusterState state, long keeper, Path jar, Role role) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        // As the launcher does: CELLCHAT_LOG_FORMAT=json gives every role JSON log lines.
        if ("json".equals(System.getenv("CELLCHAT_LOG_FORMAT"))) {
            command.add("-Dlogback.configurationFile=logback-json.xml");
        }
        command.addAll(List.of("-jar", jar.toString(), "serve", "--role", role.role(), "--config",
                state.config().toString(), "--set", "server.port=" + role.port()));
        if (role.role().equals("messaging")) {
            command.addAll(List.of("--set", "messaging.address=http://127.0.0.1:" + role.port()));
        }
        LocalCell.Started started = LocalCell.process(role.name(), state.folderOf(role.name()), keeper, 30, command);
        ClusterState.Entry entry = new ClusterState.Entry(role.name(), "role", started.watchdog(), started.pid(),
                role.port());
        state.record(entry);
        progress("started " + role.name() + " (pid " + started.pid() + ", port " + role.port() + ")");
        return entry;
    }

    private void awaitReady(List<ClusterState.Entry> roles) {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        List<ClusterState.Entry> waiting = new ArrayList<>(roles);
        while (!waiting.isEmpty()) {
            for (ClusterState.Entry role : List.copyOf(waiting)) {
                if (!Health.alive(role.pid())) {
                    throw new IllegalStateException(role.name() + " exited; see " + parent.state().folder()
                            .resolve(role.name()).resolve("engine.log"));
                }
                if (Health.ready(role.port()).ready()) {
                    progress(role.name() + " ready on http://127.0.0.1:" + role.port());
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

    private void progress(String line) {
        System.out.printf("[%5.1fs] %s%n", seconds(), line);
    }

    private double seconds() {
        return Duration.between(started, Instant.now()).toMillis() / 1000.0;
    }

    /**
     * A copy of the executable for this cell, so a rebuild while it runs (the launcher rebuilds when sources change)
     * never swaps the jars under the running roles: the project's own jars are copied, the dependencies (which a
     * rebuild replaces rather than rewrites) are hard-linked.
     */
    private static Path snapshot(Path jar, Path folder) throws IOException {
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

    private static void fresh(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(folder);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }
}
