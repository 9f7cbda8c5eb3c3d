package io.cellchat.platform.postgres;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How a process reaches PostgreSQL.
 *
 * @param jdbcUrl for example {@code jdbc:postgresql://127.0.0.1:5432/cellchat}
 * @param user database role
 * @param password its password; never printed
 * @param maxPoolSize most connections the process keeps open
 * @param connectionTimeout how long a statement waits for a pooled connection (or for a new one while PostgreSQL does
 *     not answer) before it fails as {@code UNAVAILABLE}; at least 250 ms (HikariCP's floor)
 */
public record PostgresSettings(String jdbcUrl, String user, String password, int maxPoolSize,
        Duration connectionTimeout) {

    /** {@code postgres.connection-timeout}'s default: the default deadline of a call between roles. */
    public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    public PostgresSettings {
        requireNonNull(jdbcUrl, "jdbcUrl");
        requireNonNull(user, "user");
        requireNonNull(password, "password");
        requireNonNull(connectionTimeout, "connectionTimeout");
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("postgres.max-pool-size: " + maxPoolSize + " (expected: >= 1)");
        }
        if (connectionTimeout.compareTo(Duration.ofMillis(250)) < 0) {
            throw new IllegalArgumentException(
                    "postgres.connection-timeout: " + connectionTimeout + " (expected: >= 250ms)");
        }
    }

    /** With the default connection timeout. */
    public PostgresSettings(String jdbcUrl, String user, String password, int maxPoolSize) {
        this(jdbcUrl, user, password, maxPoolSize, DEFAULT_CONNECTION_TIMEOUT);
    }

    @Override
    public String toString() {
        return "PostgresSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=****, maxPoolSize=" + maxPoolSize
                + ", connectionTimeout=" + connectionTimeout + "]";
    }
}
