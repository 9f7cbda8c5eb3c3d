package io.cellchat.platform.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** A HikariCP pool per process, and Flyway migrations run once at start from the owning service's resources. */
public final class PostgresDataSources {

    private PostgresDataSources() {}

    public static HikariDataSource open(PostgresSettings settings, String poolName) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(settings.jdbcUrl());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setMaximumPoolSize(settings.maxPoolSize());
        config.setPoolName(poolName);
        return new HikariDataSource(config);
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
