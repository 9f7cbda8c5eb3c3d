package io.cellchat.platform.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * A HikariCP pool per process, and Flyway migrations run once at start from the owning service's resources.
 *
 * <p>A pool opened with a registry reports HikariCP's own meters, tagged {@code pool} with its name:
 * {@code hikaricp_connections} (and {@code _active}, {@code _idle}, {@code _pending}, {@code _max}, {@code _min}),
 * {@code hikaricp_connections_acquire_seconds}, {@code _usage_seconds}, {@code _creation_seconds} and
 * {@code hikaricp_connections_timeout_total} (docs/operations/metrics.md).
 */
public final class PostgresDataSources {

    private PostgresDataSources() {}

    /** A pool without meters (tests, tools). */
    public static HikariDataSource open(PostgresSettings settings, String poolName) {
        return new HikariDataSource(config(settings, poolName));
    }

    /** A pool that reports its meters to {@code metrics}. */
    public static HikariDataSource open(PostgresSettings settings, String poolName, MeterRegistry metrics) {
        HikariConfig config = config(settings, poolName);
        config.setMetricRegistry(metrics);
        return new HikariDataSource(config);
    }

    private static HikariConfig config(PostgresSettings settings, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        // Checking an idle connection against a server that hangs must not outlast the wait for one.
        config.setValidationTimeout(Math.max(250, settings.connectionTimeout().toMillis() / 2));
        config.setPoolName(poolName);
        return config;
    }

    /**
     * Applies the migrations of one service's schema, found at {@code classpath:db/postgres/<name>}, tracked in a
     * history table of its own ({@code schema_history_<name>}), so services never share migration files; returns how
     * many ran. Flyway locks the database while it migrates, so processes that start together apply each migration
     * once. Fails, and leaves the schema as it was, if a migration fails.
     */
    public static int migrate(DataSource dataSource, String name) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/postgres/" + name)
                .table("schema_history_" + name)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
