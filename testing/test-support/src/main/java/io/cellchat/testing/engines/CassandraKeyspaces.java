package io.cellchat.testing.engines;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.cellchat.platform.cassandra.CassandraSessions;
import io.cellchat.platform.cassandra.CassandraSettings;
import java.time.Duration;
import java.util.List;

/** Creates test keyspaces: SimpleStrategy, replication factor 1 (one node). */
final class CassandraKeyspaces {

    private CassandraKeyspaces() {}

    static void create(CassandraNamespace namespace) {
        CassandraSettings server = new CassandraSettings(
                List.of(namespace.contactPoint()), namespace.localDatacenter(), null);
        try (CqlSession session = CassandraSessions.open(server)) {
            // Schema changes wait for agreement; on a loaded 2-core machine that can take longer than the driver's
            // default 2 s request timeout.
            session.execute(SimpleStatement.newInstance("CREATE KEYSPACE IF NOT EXISTS " + namespace.keyspace()
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}")
                    .setTimeout(Duration.ofSeconds(30)));
        }
    }
}
