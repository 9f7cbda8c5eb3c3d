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
     * Applies the migrations found at {@code locations} (for example {@code classpath:db/users}) and returns how many
     * ran. Fails, and leaves the schema as it was, if a migration fails.
     */
    public static int migrate(DataSource dataSource, String... locations) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations(locations)
                .load()
                .migrate()
                .migrationsExecuted;
    }
}
