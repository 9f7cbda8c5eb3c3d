package io.cellchat.platform.cassandra;

import static java.util.Objects.requireNonNull;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.cellchat.platform.observability.HealthCheck;
import java.time.Duration;

/**
 * The readiness check of a process that needs Cassandra: a read of the coordinator's {@code system.local} row
 * through the process's shared session, under the check's timeout (also the request's, so a dead node never holds
 * the probe longer). The driver reconnects by itself, so the check turns up again when a node answers.
 */
public final class CassandraHealth {

    private CassandraHealth() {}

    /** A required check named {@code cassandra}. */
    public static HealthCheck check(CqlSession session, Duration timeout) {
        requireNonNull(session, "session");
        SimpleStatement probe = SimpleStatement.newInstance("SELECT release_version FROM system.local")
                .setTimeout(timeout)
                .setIdempotent(true);
        return new HealthCheck("cassandra", () -> session.execute(probe).one() != null, true, timeout);
    }
}
