package io.cellchat.services.users.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.cellchat.platform.postgres.PostgresDataSources;
import io.cellchat.services.users.store.SocialStoreContract;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.PostgresNamespace;

/** The social store contract on the real PostgreSQL 15, with the account store of the same database. */
@EngineTest
class PostgresSocialStoreIT extends SocialStoreContract {

    private final PostgresNamespace namespace;
    private HikariDataSource dataSource;
    private PostgresAccountStore accounts;
    private PostgresSocialStore social;

    PostgresSocialStoreIT(PostgresNamespace namespace) {
        this.namespace = namespace;
    }

    @Override
    protected Stores openStores() {
        dataSource = PostgresDataSources.open(namespace.settings(), "social-test");
        accounts = new PostgresAccountStore(dataSource, 2);
        social = new PostgresSocialStore(dataSource, 2);
        return new Stores(accounts, social);
    }

    @Override
    protected void closeStores() {
        social.close();
        accounts.close();
        dataSource.close();
    }
}
