package io.cellchat.services.users.store.sqlite;

import io.cellchat.domain.account.AvatarStore;
import io.cellchat.platform.sqlite.SqliteDatabase;
import io.cellchat.platform.sqlite.SqliteSettings;
import io.cellchat.services.users.store.AccountStore.UserRecord;
import io.cellchat.testing.contracts.AvatarStoreContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.io.TempDir;

/** The avatar store contract on the embedded adapter, a fresh SQLite file per test. */
class SqliteAvatarStoreTest extends AvatarStoreContract {

    private static final AtomicLong IDS = new AtomicLong(1000);

    @TempDir
    Path folder;

    private SqliteDatabase database;
    private SqliteAccountStore accounts;

    @Override
    protected AvatarStore openStore() {
        database = SqliteDatabase.open(SqliteSettings.defaults(folder.resolve("users.db")), new SimpleMeterRegistry());
        accounts = new SqliteAccountStore(database);
        return new SqliteAvatarStore(database);
    }

    @Override
    protected void closeStore() {
        database.close();
    }

    @Override
    protected long newUser() {
        long id = IDS.incrementAndGet();
        accounts.insertUser(new UserRecord(id, "user" + id, "User " + id, "$argon2id$unused", Instant.EPOCH)).join();
        return id;
    }

    @Override
    protected long profileAvatarVersion(long userId) {
        return java.util.Objects.requireNonNull(accounts.profiles(List.of(userId)).get(userId), "profile").avatarVersion();
    }
}
