package io.cellchat.testing.engines;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The engines and processes of a local cell ({@code cellchat cluster up}), started with the same code the tests use
 * but kept, unlike a test run's, until an <em>owner</em> process ends: each runs under the watchdog of
 * {@link EngineProcess}, which stops it (SIGTERM, then SIGKILL after a grace period) when the owner is gone. The
 * caller picks the owner (a keeper process of the cell), the folders, and whether data must survive a crash
 * (PostgreSQL with fsync, Redis with an append-only file).
 */
public final class LocalCell {

    private LocalCell() {}

    /**
     * One started process.
     *
     * @param name its name in the cell ({@code kafka-2}, {@code messaging-1})
     * @param watchdog the PID of its watchdog: SIGTERM to it stops the process gracefully
     * @param pid the PID of the process itself
     * @param endpoint what clients need: {@code bootstrap} (Kafka), {@code host} and {@code port} (the others)
     */
    public record Started(String name, long watchdog, long pid, Map<String, String> endpoint) {}

    /** Starts {@code brokers} Kafka nodes (KRaft, broker and controller each) under {@code folder}. */
    public static List<Started> kafka(Path folder, long ownerPid, int brokers) {
        List<Started> started = new ArrayList<>();
        List<Engines.Started> nodes = KafkaEngine.startNodes(folder, ownerPid, brokers);
        for (int i = 0; i < nodes.size(); i++) {
            started.add(of("kafka-" + (i + 1), nodes.get(i)));
        }
        return started;
    }

    /** Starts one Cassandra node (on JDK 17) under {@code folder}. */
    public static Started cassandra(Path folder, long ownerPid) {
        return of("cassandra", CassandraEngine.start(folder, ownerPid));
    }

    /** Starts a durable PostgreSQL 15 under {@code folder} (user {@code postgres}, trust on loopback). */
    public static Started postgres(Path folder, long ownerPid) {
        return of("postgres", PostgresEngine.start(folder, ownerPid, true));
    }

    /** Starts Redis 7 with an append-only file synced at every write, under {@code folder}. */
    public static Started redis(Path folder, long ownerPid) {
        return of("redis", RedisEngine.start(folder, ownerPid, true));
    }

    /**
     * Starts any command under the watchdog, output to {@code folder/engine.log}; returns at once (the caller
     * checks readiness its own way).
     */
    public static Started process(String name, Path folder, long ownerPid, int stopGraceSeconds, List<String> command) {
        EngineProcess process = EngineProcess.start(name, folder, ownerPid, stopGraceSeconds, command);
        long pid = process.awaitPid();
        return new Started(name, process.watchdogPid(), pid, Map.of());
    }

    /** The repository root: {@code -Dcellchat.root}, else the nearest folder up with {@code mvnw}. */
    public static Path projectRoot() {
        return Machine.projectRoot();
    }

    private static Started of(String name, Engines.Started started) {
        return new Started(name, started.process().watchdogPid(), started.process().awaitPid(), started.endpoint());
    }
}
