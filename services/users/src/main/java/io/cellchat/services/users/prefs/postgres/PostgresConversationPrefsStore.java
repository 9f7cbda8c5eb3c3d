package io.cellchat.services.users.prefs.postgres;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.prefs.ConversationPrefs;
import io.cellchat.domain.prefs.ConversationPrefsStore;
import io.cellchat.domain.prefs.PrefsChange;
import io.cellchat.platform.postgres.PostgresDataSources;
import io.cellchat.services.users.store.postgres.PostgresSql;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * {@link ConversationPrefsStore} on PostgreSQL, for the messaging servers of a distributed cell; schema in
 * {@code db/postgres/prefs} (Flyway, its own history table {@code schema_history_prefs}).
 *
 * <p>A change is a read-modify-write in one transaction that first takes a transaction-scoped advisory lock on the
 * user ID, so two devices of one user changing settings on two messaging servers at once are serialized and the pin
 * limit holds; users never wait on each other. The future completes after the commit. Reads and writes go through
 * {@link PostgresSql}, as the users service's other stores on PostgreSQL do: writes on a small, bounded pool of
 * threads of their own, so callers on an event loop never block on JDBC; reads on the caller's thread.
 */
public final class PostgresConversationPrefsStore implements ConversationPrefsStore, AutoCloseable {

    private final DataSource dataSource;
    private final PostgresSql sql;

    /** Opens the store on a pooled data source, after applying the migrations. */
    public PostgresConversationPrefsStore(DataSource dataSource, int writers) {
        this.dataSource = requireNonNull(dataSource, "dataSource");
        PostgresDataSources.migrate(dataSource, "prefs");
        this.sql = new PostgresSql(dataSource, "prefs", writers);
    }

    @Override
    public List<ConversationPrefs> all(long userId) {
        return sql.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT conversation_id, pinned_at_ms, archived, muted_until_ms FROM conversation_prefs"
                            + " WHERE user_id = ?")) {
                select.setLong(1, userId);
                List<ConversationPrefs> all = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        all.add(new ConversationPrefs(ConversationId.parse(rows.getString(1)), rows.getLong(2),
                                rows.getBoolean(3), rows.getLong(4)));
                    }
                }
                return all;
            }
        });
    }

    @Override
    public CompletableFuture<ConversationPrefs> apply(long userId, PrefsChange change, Instant at, int maxPinned) {
        return sql.write(connection -> apply(connection, userId, change, at, maxPinned));
    }

    private static ConversationPrefs apply(Connection connection, long userId, PrefsChange change, Instant at,
            int maxPinned) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, userId);
            lock.execute();
        }
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
                change.archived().orElse(before.archived()), change.mutedUntilMs().orElse(before.mutedUntilMs()));
        write(connection, userId, after);
        return after;
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
                        ? new ConversationPrefs(conversation, row.getLong(1), row.getBoolean(2), row.getLong(3))
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
            upsert.setBoolean(4, prefs.archived());
            upsert.setLong(5, prefs.mutedUntilMs());
            upsert.executeUpdate();
        }
    }

    /** Whether a connection answers; for readiness checks. */
    public boolean isHealthy() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Waits for the writes already submitted; the data source is the caller's to close. */
    @Override
    public void close() {
        sql.close();
    }
}
