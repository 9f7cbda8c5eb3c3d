package io.cellchat.services.users.prefs.sqlite;

import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.prefs.ConversationPrefs;
import io.cellchat.domain.prefs.ConversationPrefsStore;
import io.cellchat.domain.prefs.PrefsChange;
import io.cellchat.platform.sqlite.SqliteDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * {@link ConversationPrefsStore} on the embedded SQLite database, schema in {@code db/conversation-prefs} (its own
 * migration set, beside the accounts). A change is a read-modify-write in one transaction of the single writer, so
 * the pin limit holds even when two devices pin at once.
 */
public final class SqliteConversationPrefsStore implements ConversationPrefsStore {

    private final SqliteDatabase database;

    public SqliteConversationPrefsStore(SqliteDatabase database) {
        this.database = database;
        database.migrate("conversation-prefs");
    }

    @Override
    public List<ConversationPrefs> all(long userId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT conversation_id, pinned_at_ms, archived, muted_until_ms FROM conversation_prefs"
                            + " WHERE user_id = ?")) {
                select.setLong(1, userId);
                List<ConversationPrefs> all = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        all.add(new ConversationPrefs(ConversationId.parse(rows.getString(1)), rows.getLong(2),
                                rows.getInt(3) != 0, rows.getLong(4)));
                    }
                }
                return all;
            }
        });
    }

    @Override
    public CompletableFuture<ConversationPrefs> apply(long userId, PrefsChange change, Instant at, int maxPinned) {
        return database.writer().submit(connection -> {
            ConversationPrefs before = current(connection, userId, change.conversation());
            long pinnedAt = before.pinnedAtMs();
            if (change.pinned().isPresent()) {
                boolean pin = change.pinned().get();
                if (pin && pinnedAt == 0) {
                    int pinned = pinnedCount(connection, userId);
                    if (pinned >= maxPinned) {
                        throw new ChatException(ChatError.INVALID_ARGUMENT, "pinned conversations: " + pinned
                                + " (expected: at most " + maxPinned + "; unpin one first)");
                    }
                    pinnedAt = Math.max(1, at.toEpochMilli());
                } else if (!pin) {
                    pinnedAt = 0;
                }
            }
            ConversationPrefs after = new ConversationPrefs(change.conversation(), pinnedAt,
                    change.archived().orElse(before.archived()),
                    change.mutedUntilMs().orElse(before.mutedUntilMs()));
            write(connection, userId, after);
            return after;
        }, ignored -> {});
    }

    private static ConversationPrefs current(Connection connection, long userId, ConversationId conversation)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT pinned_at_ms, archived, muted_until_ms FROM conversation_prefs"
                        + " WHERE user_id = ? AND conversation_id = ?")) {
            select.setLong(1, userId);
            select.setString(2, conversation.value());
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? new ConversationPrefs(conversation, row.getLong(1), row.getInt(2) != 0, row.getLong(3))
                        : ConversationPrefs.none(conversation);
            }
        }
    }

    private static int pinnedCount(Connection connection, long userId) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement(
                "SELECT count(*) FROM conversation_prefs WHERE user_id = ? AND pinned_at_ms > 0")) {
            count.setLong(1, userId);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static void write(Connection connection, long userId, ConversationPrefs prefs) throws SQLException {
        if (prefs.isDefault()) {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM conversation_prefs WHERE user_id = ? AND conversation_id = ?")) {
                delete.setLong(1, userId);
                delete.setString(2, prefs.conversation().value());
                delete.executeUpdate();
            }
            return;
        }
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO conversation_prefs (user_id, conversation_id, pinned_at_ms, archived, muted_until_ms)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, conversation_id) DO UPDATE SET"
                        + " pinned_at_ms = excluded.pinned_at_ms, archived = excluded.archived,"
                        + " muted_until_ms = excluded.muted_until_ms")) {
            upsert.setLong(1, userId);
            upsert.setString(2, prefs.conversation().value());
            upsert.setLong(3, prefs.pinnedAtMs());
            upsert.setInt(4, prefs.archived() ? 1 : 0);
            upsert.setLong(5, prefs.mutedUntilMs());
            upsert.executeUpdate();
        }
    }
}
