package io.cellchat.services.users.prefs.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.prefs.ConversationPrefs;
import io.cellchat.domain.prefs.ConversationPrefsStore;
import io.cellchat.domain.prefs.PrefsChange;
import io.cellchat.platform.sqlite.SqliteDatabase;
import io.cellchat.platform.sqlite.SqliteSettings;
import io.cellchat.testing.contracts.ConversationPrefsStoreContract;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The conversation settings contract on the embedded adapter, a fresh SQLite file per test. */
class SqliteConversationPrefsStoreTest extends ConversationPrefsStoreContract {

    @TempDir
    Path folder;

    private SqliteDatabase database;

    @Override
    protected ConversationPrefsStore openStore() {
        database = open();
        return new SqliteConversationPrefsStore(database);
    }

    @Override
    protected void closeStore() {
        database.close();
    }

    private SqliteDatabase open() {
        return SqliteDatabase.open(SqliteSettings.defaults(folder.resolve("users.db")), new SimpleMeterRegistry());
    }

    @Test
    void should_still_have_the_settings_after_the_database_is_reopened() {
        ConversationId group = ConversationId.parse("g:77");
        store.apply(5, new PrefsChange(group, Optional.of(true), Optional.empty(), OptionalLong.of(123)),
                Instant.ofEpochMilli(42), 5).join();
        database.close();

        database = open();
        store = new SqliteConversationPrefsStore(database);

        assertThat(store.all(5)).containsExactly(new ConversationPrefs(group, 42, false, 123));
    }
}
