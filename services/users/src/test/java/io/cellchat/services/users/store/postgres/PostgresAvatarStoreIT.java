package io.cellchat.services.users.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.cellchat.domain.account.AvatarStore;
import io.cellchat.platform.postgres.PostgresDataSources;
import io.cellchat.services.users.store.AccountStore.UserRecord;
import io.cellchat.testing.contracts.AvatarStoreContract;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.PostgresNamespace;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/** The avatar store contract on the real PostgreSQL 15, with the account store of the same database. */
@EngineTest
class PostgresAvatarStoreIT extends AvatarStoreContract {

    /** The tests of this class share one database: each user gets an ID no other test used. */
    private static final AtomicLong IDS = new AtomicLong(System.currentTimeMillis() * 1000);

    private final PostgresNamespace namespace;
    private HikariDataSource dataSource;
    private PostgresAccountStore accounts;
    private PostgresAvatarStore avatars;

    PostgresAvatarStoreIT(PostgresNamespace namespace) {
        this.namespace = namespace;
    }

    @Override
    protected AvatarStore openStore() {
        dataSource = PostgresDataSources.open(namespace.settings(), "avatar-test");
        accounts = new PostgresAccountStore(dataSource, 2);
        avatars = new PostgresAvatarStore(dataSource, 2);
        return avatars;
    }

    @Override
    protected void closeStore() {
        avatars.close();
        accounts.close();
        dataSource.close();
    }

    @Override
    protected long newUser() {
        long id = IDS.incrementAndGet();
        accounts.insertUser(new UserRecord(id, "avatar" + id, "User " + id, "$argon2id$unused", Instant.EPOCH)).join();
        return id;
    }

    @Override
    protected long profileAvatarVersion(long userId) {
        return Objects.requireNonNull(accounts.profiles(List.of(userId)).get(userId), "profile").avatarVersion();
    }
}
