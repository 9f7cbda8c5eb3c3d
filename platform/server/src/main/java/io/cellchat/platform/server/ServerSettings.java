package io.cellchat.platform.server;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Where and how a process listens.
 *
 * @param host address to bind; {@code 127.0.0.1} unless the operator exposes the process on purpose
 * @param port TCP port, {@code 0} for any free port (tests)
 * @param shutdownQuietPeriod how long to wait for in-flight requests to finish on shutdown
 */
public record ServerSettings(String host, int port, Duration shutdownQuietPeriod) {

    public ServerSettings {
        requireNonNull(host, "host");
        requireNonNull(shutdownQuietPeriod, "shutdownQuietPeriod");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
        }
    }

    public static ServerSettings loopback(int port) {
        return new ServerSettings("127.0.0.1", port, Duration.ofSeconds(1));
    }
}
