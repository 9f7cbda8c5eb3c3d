package io.cellchat.services.users.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.cellchat.platform.postgres.PostgresDataSources;
import io.cellchat.services.users.store.AccountStore;
import io.cellchat.services.users.store.AccountStoreContract;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.PostgresNamespace;
import org.junit.jupiter.api.Test;

/**
 * The account store contract on the real PostgreSQL 15, in a database of this class's own; the migrations run on
 * first open and are a no-op on every later one.
 */
@EngineTest
class PostgresAccountStoreIT extends AccountStoreContract {

    private final PostgresNamespace namespace;
    private HikariDataSource dataSource;
    private PostgresAccountStore postgres;

    PostgresAccountStoreIT(PostgresNamespace namespace) {
        this.namespace = namespace;
    }

    @Override
    protected AccountStore openStore() {
        dataSource = PostgresDataSources.open(namespace.settings(), "users-test");
        postgres = new PostgresAccountStore(dataSource, 4);
        return postgres;
    }

    @Override
    protected void closeStore() {
        postgres.close();
        dataSource.close();
    }

    @Test
    void should_apply_the_migrations_once_and_report_healthy() {
        assertThat(PostgresDataSources.migrate(dataSource, "users")).isZero();
        assertThat(postgres.isHealthy()).isTrue();
    }
}
