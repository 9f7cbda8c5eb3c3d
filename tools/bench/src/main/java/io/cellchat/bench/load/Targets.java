package io.cellchat.bench.load;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Starts the targets a scenario names: {@code cellchat} (the app jar built by ./cellchat, fresh data),
 * {@code cellchat-preloaded} (the same after a history preload), {@code cellchat-sqlite} (history in SQLite as in
 * 0.1, the measured alternative), {@code cell} (a distributed cell started as {@code cellchat cluster up} does),
 * {@code relay}, {@code ejabberd}, and {@code cellchat-trace-<ratio>}: Cellchat with
 * tracing on at that sample ratio (0 to 1), exporting every sampled span to the run's real Zipkin server, so that one
 * run measures the cost of tracing as a ratio of plain {@code cellchat} (tracing off).
 */
public final class Targets {

    private Targets() {}

    /** What {@code cellchat-preloaded} preloads: history between {@code users} users. */
    public record Preload(int users, long messages, int conversations) {}

    public static Target start(String name, List<String> cellchatSettings) throws Exception {
        return start(name, cellchatSettings, new Preload(2000, 10_000_000, 1_000_000));
    }

    /** The shape of the {@code cell} target: Kafka brokers (1 or 3) and messaging servers. */
    public record CellShape(int brokers, int messaging) {}

    public static Target start(String name, List<String> cellchatSettings, Preload preload) throws Exception {
        return start(name, cellchatSettings, preload, new CellShape(1, 2));
    }

    public static Target start(String name, List<String> cellchatSettings, Preload preload, CellShape cell)
            throws Exception {
        int port = freePort();
        if (name.startsWith(TRACED)) {
            return CellchatTarget.start(appJar(), port, traced(name, cellchatSettings), name);
        }
        return switch (name) {
            case "cellchat" -> CellchatTarget.start(appJar(), port, cellchatSettings);
            case "cellchat-sqlite" -> CellchatTarget.start(appJar(), port, withSqlite(cellchatSettings),
                    "cellchat-sqlite");
            case "cellchat-preloaded" -> CellchatTarget.startPreloaded(appJar(), cellchatSettings, preload.users(),
                    preload.messages(), preload.conversations());
            case "cell" -> CellTarget.start(cellchatSettings, cell.brokers(), cell.messaging());
            case "relay" -> RelayTarget.start(port);
            case "ejabberd" -> EjabberdTarget.start();
            default -> throw new IllegalArgumentException("target: " + name + " (expected: cellchat, cellchat-preloaded,"
                    + " cellchat-sqlite, cellchat-trace-<ratio>, cell, relay or ejabberd)");
        };
    }

    private static final String TRACED = "cellchat-trace-";

    private static List<String> withSqlite(List<String> settings) {
        List<String> all = new java.util.ArrayList<>(settings);
        all.add("history.store=sqlite");
        return all;
    }

    private static Path appJar() {
        Path jar = Path.of(System.getProperty("cellchat.root", "."), "app", "target", "cellchat.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build it with ./cellchat --version");
        }
        return jar;
    }

    /** The settings of a traced target: Zipkin started if needed, the ratio from the name. */
    private static List<String> traced(String name, List<String> settings) {
        String ratio = name.substring(TRACED.length());
        double value;
        try {
            value = Double.parseDouble(ratio);
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException("target: " + name + " (expected: cellchat-trace-<ratio from 0 to 1>,"
                    + " such as cellchat-trace-0.01)");
        }
        List<String> traced = new java.util.ArrayList<>(settings);
        traced.addAll(List.of("tracing.exporter=zipkin",
                "tracing.endpoint=" + io.cellchat.testing.engines.EngineLauncher.zipkin().spansEndpoint(),
                "tracing.sample-ratio=" + ratio));
        return traced;
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
