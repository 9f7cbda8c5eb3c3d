package io.cellchat.services.users.store.sqlite;

import io.cellchat.platform.sqlite.SqliteDatabase;
import io.cellchat.platform.sqlite.SqliteSettings;
import io.cellchat.services.users.store.SocialStoreContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The social store contract on the embedded adapter, a fresh SQLite file per test. */
class SqliteSocialStoreTest extends SocialStoreContract {

    @TempDir
    Path folder;

    private SqliteDatabase database;

    @Override
    protected Stores openStores() {
        database = SqliteDatabase.open(SqliteSettings.defaults(folder.resolve("users.db")), new SimpleMeterRegistry());
        return new Stores(new SqliteAccountStore(database), new SqliteSocialStore(database));
    }

    @Override
    protected boolean keepsTiesInMemory() {
        return true;
    }

    @Override
    protected void closeStores() {
        database.close();
    }
}
