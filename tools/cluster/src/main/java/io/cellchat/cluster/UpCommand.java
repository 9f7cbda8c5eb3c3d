package io.cellchat.cluster;

import io.cellchat.testing.engines.LocalCell;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cellchat cluster up}: starts a fresh cell on 127.0.0.1 and returns once every process is ready. First a
 * keeper process (the owner every watchdog follows), then the engines in parallel (PostgreSQL and Redis with their
 * durability on, Kafka with one or three brokers, Cassandra), then the users, history and sequencer roles, then the
 * messaging servers and the gateway, each {@code app/target/cellchat.jar serve --role ...} with the cell's
 * {@code cell.properties} (all through {@link CellLauncher}). Every process is recorded the moment it starts; if
 * anything fails, what was started is stopped again, and {@code down} can always finish the job.
 */
@Command(name = "up", mixinStandardHelpOptions = true, description = "Start a whole cell on this machine.")
final class UpCommand implements Callable<Integer> {

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
        jar = CellLauncher.snapshot(jar, state.folder().resolve("app"));
        long keeper = new ProcessBuilder("sleep", "infinity").start().pid();
        state.writeKeeper(keeper);
        CellLauncher launcher = new CellLauncher(state, keeper, jar, this::progress);
        try {
            launcher.startRoles(launcher.startEngines(brokers), brokers, messaging, port, List.of());
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

    private void progress(String line) {
        System.out.printf("[%5.1fs] %s%n", seconds(), line);
    }

    private double seconds() {
        return Duration.between(started, Instant.now()).toMillis() / 1000.0;
    }

    static void fresh(Path folder) throws IOException {
        if (Files.exists(folder)) {
            try (Stream<Path> paths = Files.walk(folder)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(folder);
    }

    private static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
