package io.cellchat.services.users.store.sqlite;

import io.cellchat.platform.sqlite.SqliteDatabase;
import io.cellchat.platform.sqlite.SqliteSettings;
import io.cellchat.services.users.store.AccountStore;
import io.cellchat.services.users.store.AccountStoreContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The account store contract on the embedded adapter, a fresh SQLite file per test. */
class SqliteAccountStoreTest extends AccountStoreContract {

    @TempDir
    Path folder;

    private SqliteDatabase database;

    @Override
    protected AccountStore openStore() {
        database = SqliteDatabase.open(SqliteSettings.defaults(folder.resolve("users.db")), new SimpleMeterRegistry());
        return new SqliteAccountStore(database);
    }

    @Override
    protected void closeStore() {
        database.close();
    }
}
