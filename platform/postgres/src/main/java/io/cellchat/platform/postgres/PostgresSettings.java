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

    @Override
    public String toString() {
        return "PostgresSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=****, maxPoolSize=" + maxPoolSize
                + ", connectionTimeout=" + connectionTimeout + "]";
    }
}
