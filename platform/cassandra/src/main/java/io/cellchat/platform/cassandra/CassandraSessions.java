package io.cellchat.platform.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.CqlSessionBuilder;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Opens driver sessions from {@link CassandraSettings}; one session per process, shared by all its queries. A
 * session opened with a registry reports the driver's own meters there ({@link CassandraMetrics}).
 */
public final class CassandraSessions {

    private CassandraSessions() {}

    /** A session without meters (tests, tools). */
    public static CqlSession open(CassandraSettings settings) {
        return open(settings, null);
    }

    /** A session whose driver meters go to {@code metrics}, when given. */
    public static CqlSession open(CassandraSettings settings, @Nullable MeterRegistry metrics) {
        ProgrammaticDriverConfigLoaderBuilder config = DriverConfigLoader.programmaticBuilder();
        CqlSessionBuilder builder = CqlSession.builder()
                .addContactPoints(settings.contactPoints())
                .withLocalDatacenter(settings.localDatacenter());
        if (metrics != null) {
            CassandraMetrics.configure(config);
            builder.withMetricRegistry(metrics);
        }
        builder.withConfigLoader(config.build());
        if (settings.keyspace() != null) {
            builder.withKeyspace(settings.keyspace());
        }
        return builder.build();
    }
}
