package io.cellchat.services.history.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cellchat.platform.cassandra.CqlMigrations;
import java.util.List;

/** The history's Cassandra schema: its migration scripts ({@code db/cassandra}), applied at the materializer's start. */
public final class CassandraHistorySchema {

    static final List<String> SCRIPTS = List.of("db/cassandra/V1__history.cql");

    private CassandraHistorySchema() {}

    /** Applies the scripts not applied yet to the keyspace; returns how many this call applied. */
    public static int migrate(CqlSession session, String keyspace) {
        return new CqlMigrations(session, keyspace).migrate(SCRIPTS);
    }
}
