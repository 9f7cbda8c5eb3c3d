package io.cellchat.platform.postgres;

import static java.util.Objects.requireNonNull;

/**
 * How a process reaches PostgreSQL.
 *
 * @param jdbcUrl for example {@code jdbc:postgresql://127.0.0.1:5432/cellchat}
 * @param user database role
 * @param password its password; never printed
 * @param maxPoolSize most connections the process keeps open
 */
public record PostgresSettings(String jdbcUrl, String user, String password, int maxPoolSize) {

    public PostgresSettings {
        requireNonNull(jdbcUrl, "jdbcUrl");
        requireNonNull(user, "user");
        requireNonNull(password, "password");
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("postgres.max-pool-size: " + maxPoolSize + " (expected: >= 1)");
        }
    }

    @Override
    public String toString() {
        return "PostgresSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", password=****, maxPoolSize=" + maxPoolSize
                + "]";
    }
}
