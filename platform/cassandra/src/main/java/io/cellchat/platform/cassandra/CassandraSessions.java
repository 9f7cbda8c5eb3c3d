package io.cellchat.platform.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;

/** Opens driver sessions from {@link CassandraSettings}; one session per process, shared by all its queries. */
public final class CassandraSessions {

    private CassandraSessions() {}

    public static CqlSession open(CassandraSettings settings) {
        CqlSessionBuilder builder = CqlSession.builder()
                .addContactPoints(settings.contactPoints())
                .withLocalDatacenter(settings.localDatacenter());
        if (settings.keyspace() != null) {
            builder.withKeyspace(settings.keyspace());
        }
        return builder.build();
    }
}
