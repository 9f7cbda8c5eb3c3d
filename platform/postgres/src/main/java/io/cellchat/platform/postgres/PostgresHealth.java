package io.cellchat.platform.postgres;

import static java.util.Objects.requireNonNull;

import io.cellchat.platform.observability.HealthCheck;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The readiness check of a process that needs PostgreSQL: a connection from the process's pool that the server
 * validates within the timeout ({@link Connection#isValid}, a round trip). A pool that cannot hand out a connection,
 * because the server is down or every connection is stuck, makes the check fail; the pool reconnects by itself.
 */
public final class PostgresHealth {

    private PostgresHealth() {}

    /** A required check named {@code postgres}. */
    public static HealthCheck check(DataSource dataSource, Duration timeout) {
        requireNonNull(dataSource, "dataSource");
        int seconds = (int) Math.max(1, timeout.toSeconds());
        return new HealthCheck("postgres", () -> {
            try (Connection connection = dataSource.getConnection()) {
                return connection.isValid(seconds);
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        }, true, timeout);
    }
}
