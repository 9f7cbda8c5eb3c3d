package io.cellchat.services.history.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.domain.chat.ChatCommand;
import io.cellchat.domain.chat.ChatCommand.CreateGroup;
import io.cellchat.domain.chat.ChatCommand.DeleteMessage;
import io.cellchat.domain.chat.ChatCommand.EditMessage;
import io.cellchat.domain.chat.ChatCommand.MarkReceipt;
import io.cellchat.domain.chat.ChatCommand.PostMessage;
import io.cellchat.domain.chat.ChatCommand.React;
import io.cellchat.domain.chat.ChatLimits;
import io.cellchat.domain.chat.ChatLog;
import io.cellchat.domain.chat.ChatLog.Appended;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.ChatRules;
import io.cellchat.domain.chat.CommandEnvelope;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.MessageBody;
import io.cellchat.domain.chat.ReceiptKind;
import io.cellchat.domain.id.HighWaterMark;
import io.cellchat.domain.id.IdGenerator;
import io.cellchat.domain.id.Sleeper;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import io.cellchat.platform.rocksdb.RocksSettings;
import io.cellchat.platform.sqlite.SqliteDatabase;
import io.cellchat.platform.sqlite.SqliteSettings;
import io.cellchat.services.history.store.sqlite.SqliteChatLog;
import io.cellchat.services.history.store.sqlite.SqliteChatReader;
import io.cellchat.testing.contracts.RecordingEventBus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upgrade from a 0.1 data folder: its SQLite history, copied into RocksDB, reads and continues the same. */
class SqliteHistoryImportTest {

    private static final long ALICE = 11;
    private static final long BOB = 12;
    private static final long CAROL = 13;

    @TempDir
    Path folder;

    private final IdGenerator ids = new SnowflakeIdGenerator(SnowflakeIdGenerator.Settings.of(0, 0),
            Clock.systemUTC(), Sleeper.system(), HighWaterMark.inMemory());
    private final ChatRules rules = new ChatRules(ChatLimits.DEFAULTS);

    @Test
    void should_copy_a_0_1_history_so_that_every_read_answers_the_same_and_appends_continue_the_sequences() {
        ConversationId direct = ConversationId.direct(ALICE, BOB);
        ConversationId group = ConversationId.group(777);
        CommandEnvelope keyed = new CommandEnvelope(ALICE, 1, "key-1", "fp-1",
                new PostMessage(direct, new MessageBody.Text("keyed"), 0));
        try (SqliteDatabase old = SqliteDatabase.open(SqliteSettings.defaults(folder.resolve("cellchat.db")),
                new SimpleMeterRegistry())) {
            ChatLog log = new SqliteChatLog(old, rules, ids, Clock.systemUTC(), new RecordingEventBus());
            Appended first = log.append(keyed).join();
            append(log, BOB, new PostMessage(direct, new MessageBody.Text("typo"), 0));
            append(log, BOB, new EditMessage(direct, 2, new MessageBody.Text("fixed")));
            append(log, ALICE, new React(direct, 2, "\uD83D\uDC4D", true));
            append(log, BOB, new MarkReceipt(direct, ReceiptKind.SEEN, 2));
            append(log, ALICE, new CreateGroup(group, "Team", List.of(BOB, CAROL)));
            for (int i = 0; i < 30; i++) {
                append(log, i % 2 == 0 ? CAROL : BOB, new PostMessage(group, new MessageBody.Text("g" + i), 0));
            }
            assertThat(SqliteHistoryImport.hasHistory(old)).isTrue();
            SqliteChatReader before = new SqliteChatReader(old);

            List<String> progress = new ArrayList<>();
            try (RocksChatStore migrated = RocksChatStore.open(RocksSettings.defaults(folder.resolve("history")),
                    1000, new SimpleMeterRegistry())) {
                long rows = SqliteHistoryImport.copy(old, migrated, progress::add);
                RocksChatReader after = new RocksChatReader(migrated);

                assertThat(rows).isPositive();
                assertThat(progress).last().asString().contains("history copied");
                for (long user : List.of(ALICE, BOB, CAROL)) {
                    assertThat(after.conversations(user)).isEqualTo(before.conversations(user));
                }
                assertThat(after.sync(BOB, direct, 0, ChatReader.MAX_PAGE))
                        .isEqualTo(before.sync(BOB, direct, 0, ChatReader.MAX_PAGE));
                assertThat(after.sync(CAROL, group, 3, 10)).isEqualTo(before.sync(CAROL, group, 3, 10));
                assertThat(after.history(ALICE, group, 20, 5)).isEqualTo(before.history(ALICE, group, 20, 5));

                ChatLog continued = new RocksChatLog(migrated, rules, ids, Clock.systemUTC(), new RecordingEventBus());
                assertThat(continued.append(keyed).join()).isEqualTo(first);
                assertThat(append(continued, BOB, new DeleteMessage(direct, 2)).seq()).isEqualTo(5);
                assertThat(append(continued, CAROL, new PostMessage(group, new MessageBody.Text("after"), 0)).seq())
                        .isEqualTo(32);
                assertThat(after.sync(ALICE, direct, 2, 10).events().getFirst().body())
                        .isEqualTo(new io.cellchat.domain.chat.EventBody.MessageEdited(2, new MessageBody.Text("")));
            }
        }
    }

    @Test
    void should_find_no_history_in_a_database_without_chat_tables() {
        try (SqliteDatabase accountsOnly = SqliteDatabase.open(SqliteSettings.defaults(folder.resolve("a.db")),
                new SimpleMeterRegistry())) {
            assertThat(SqliteHistoryImport.hasHistory(accountsOnly)).isFalse();
        }
    }

    private static Appended append(ChatLog log, long actor, ChatCommand command) {
        return log.append(new CommandEnvelope(actor, 1, "", "", command)).join();
    }
}
