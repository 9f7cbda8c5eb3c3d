package io.cellchat.testing.engines;

import io.cellchat.platform.postgres.PostgresSettings;
import java.time.Duration;

/**
 * A test class's own, empty database on the run's PostgreSQL server.
 *
 * @param jdbcUrl the database's JDBC URL
 * @param user a role that owns it
 * @param database the database's name
 */
public record PostgresNamespace(String jdbcUrl, String user, String database) {

    public PostgresSettings settings() {
        return new PostgresSettings(jdbcUrl, user, "", 4, Duration.ofSeconds(2));
    }
}
