package io.cellchat.platform.server;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Where and how a process listens.
 *
 * @param host address to bind; {@code 127.0.0.1} unless the operator exposes the process on purpose
 * @param port TCP port, {@code 0} for any free port (tests)
 * @param shutdownQuietPeriod how long to wait for in-flight requests to finish on shutdown
 * @param eventLoops the event loop threads that serve every connection; {@code 0} for one per processor
 */
public record ServerSettings(String host, int port, Duration shutdownQuietPeriod, int eventLoops) {

    public ServerSettings {
        requireNonNull(host, "host");
        requireNonNull(shutdownQuietPeriod, "shutdownQuietPeriod");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
        if (eventLoops < 0) {
            throw new IllegalArgumentException(
                    "eventLoops: " + eventLoops + " (expected: >= 0, 0 for one per processor)");
        }
    }

    /**
     * The event loop threads to start: one per processor unless set. Armeria's own default is two per processor; a
     * chat server's loops never block, and on the two-core bench machine at 10,000 msg/s two loops instead of four
     * used 129 to 133 µs of CPU per message against 134 to 150, with a median latency of 6 to 9 ms against 15 ms to
     * 1.4 s (fewer threads to wake; docs/benchmarks.md, "Event loops and hand-offs").
     */
    public int eventLoopThreads() {
        return eventLoops > 0 ? eventLoops : Runtime.getRuntime().availableProcessors();
    }

    public static ServerSettings loopback(int port) {
        return new ServerSettings("127.0.0.1", port, Duration.ofSeconds(1), 0);
    }
}
