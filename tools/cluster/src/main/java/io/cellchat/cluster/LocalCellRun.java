package io.cellchat.cluster;

import io.cellchat.testing.engines.LocalCell;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A local cell started from another tool's JVM (the one-to-one benchmark's {@code cell} target), through the same
 * {@link CellLauncher} as {@code cellchat cluster up}: the engines, the users, history and sequencer roles, the
 * messaging servers and the gateway, each its own process, recorded in a {@link ClusterState} under the given folder.
 * The calling JVM is the keeper every watchdog follows, so when it ends in any way (ctrl-C, a crash, {@code kill -9})
 * the cell's processes stop too; {@link #close} stops them in order first, like {@code cluster down}.
 */
public final class LocalCellRun implements AutoCloseable {

    /**
     * One process of the running cell.
     *
     * @param name its name in the cell: {@code postgres}, {@code redis}, {@code kafka-1}, {@code cassandra},
     *     {@code users}, {@code history}, {@code sequencer}, {@code messaging-1}, {@code gateway}
     * @param role whether it is one of our roles (true) or an engine
     * @param pid the process itself (not its watchdog)
     */
    public record Member(String name, boolean role, long pid) {}

    private final ClusterState state;
    private final int gatewayPort;
    private final double startupSeconds;

    private LocalCellRun(ClusterState state, int gatewayPort, double startupSeconds) {
        this.state = state;
        this.gatewayPort = gatewayPort;
        this.startupSeconds = startupSeconds;
    }

    /**
     * Starts a fresh cell under {@code folder} (emptied first) and returns once every role is ready; on failure,
     * stops what was started and throws.
     *
     * @param roleJvm the roles' JVM options (heap, collector, compiler)
     * @param config lines appended to the roles' {@code cell.properties} (keys of docs/configuration.md)
     */
    public static LocalCellRun start(Path folder, int brokers, int messaging, List<String> roleJvm,
            List<String> config, Consumer<String> progress) throws IOException {
        UpCommand.fresh(folder);
        Path source = LocalCell.projectRoot().resolve("app/target/cellchat.jar");
        if (!Files.exists(source)) {
            throw new IllegalStateException("missing " + source + " (build it with ./cellchat --version)");
        }
        ClusterState state = new ClusterState(folder);
        Path jar = CellLauncher.snapshot(source, folder.resolve("app"));
        CellLauncher launcher = new CellLauncher(state, ProcessHandle.current().pid(), jar, progress, roleJvm);
        long started = System.nanoTime();
        int gatewayPort = CellLauncher.freePort();
        try {
            launcher.startRoles(launcher.startEngines(brokers), brokers, messaging, gatewayPort, config);
        } catch (IOException | RuntimeException e) {
            DownCommand.stop(state);
            throw e;
        }
        return new LocalCellRun(state, gatewayPort, (System.nanoTime() - started) / 1e9);
    }

    /** The gateway's port on 127.0.0.1: REST, {@code /api/v1/connect} and the web client. */
    public int gatewayPort() {
        return gatewayPort;
    }

    /** Seconds from the first engine's start to the last role's readiness. */
    public double startupSeconds() {
        return startupSeconds;
    }

    /** Every process of the cell, in the order they started. */
    public List<Member> members() {
        return state.entries().stream().map(e -> new Member(e.name(), e.isRole(), e.pid())).toList();
    }

    /** Where the logs and data of every process are. */
    public Path folder() {
        return state.folder();
    }

    /** Stops every process, roles first, as {@code cellchat cluster down} does; logs and data stay. */
    @Override
    public void close() {
        DownCommand.stop(state);
    }
}
