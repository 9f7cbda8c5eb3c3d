package io.cellchat.testing.engines;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cellchat.platform.cassandra.CassandraSessions;
import io.cellchat.platform.cassandra.CassandraSettings;
import java.util.List;

/** Creates test keyspaces: SimpleStrategy, replication factor 1 (one node). */
final class CassandraKeyspaces {

    private CassandraKeyspaces() {}

    static void create(CassandraNamespace namespace) {
        CassandraSettings server = new CassandraSettings(
                List.of(namespace.contactPoint()), namespace.localDatacenter(), null);
        try (CqlSession session = CassandraSessions.open(server)) {
            session.execute("CREATE KEYSPACE IF NOT EXISTS " + namespace.keyspace()
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        }
    }
}
