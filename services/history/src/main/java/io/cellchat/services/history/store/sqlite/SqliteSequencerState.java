package io.cellchat.services.history.store.sqlite;

import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationKind;
import io.cellchat.domain.chat.ConversationState;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.Role;
import io.cellchat.domain.chat.sequencing.IdempotencyRecord;
import io.cellchat.domain.chat.sequencing.MessageState;
import io.cellchat.domain.chat.sequencing.SequencerState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sequencer's state read from the SQLite tables, on the write connection inside the batch's transaction, so it
 * sees the commands of the batch written before. The tables are the read model; they hold the rules' state too.
 */
final class SqliteSequencerState implements SequencerState {

    private final Connection connection;

    SqliteSequencerState(Connection connection) {
        this.connection = connection;
    }

    @Override
    public Optional<IdempotencyRecord> idempotency(long actor, String key) {
        return query("SELECT fingerprint, conversation_id, seq, message_id, created_at FROM idempotency"
                + " WHERE user_id = ? AND key = ?", select -> {
            select.setLong(1, actor);
            select.setString(2, key);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new IdempotencyRecord(actor, key, row.getString(1),
                        new ConversationId(row.getString(2)), row.getLong(3), row.getLong(4),
                        Instant.ofEpochMilli(row.getLong(5))));
            }
        });
    }

    @Override
    public Optional<ConversationState> conversation(ConversationId id) {
        return query("SELECT kind, title, last_seq FROM conversations WHERE id = ?", select -> {
            select.setString(1, id.value());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ConversationState(id, ConversationKind.valueOf(row.getString(1)),
                        row.getString(2), row.getLong(3), members(id)));
            }
        });
    }

    private Map<Long, Member> members(ConversationId id) {
        return query("SELECT user_id, role, delivered_seq, seen_seq FROM members WHERE conversation_id = ?",
                select -> {
                    select.setString(1, id.value());
                    Map<Long, Member> members = new HashMap<>();
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            members.put(rows.getLong(1), new Member(rows.getLong(1),
                                    Role.valueOf(rows.getString(2)), rows.getLong(3), rows.getLong(4)));
                        }
                    }
                    return members;
                });
    }

    @Override
    public Optional<MessageState> message(ConversationId id, long seq) {
        return query("SELECT actor, deleted, text FROM events WHERE conversation_id = ? AND seq = ?"
                + " AND kind = 'MESSAGE'", select -> {
            select.setString(1, id.value());
            select.setLong(2, seq);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                String text = row.getString(3);
                return Optional.of(new MessageState(row.getLong(1), row.getInt(2) == 1, text == null ? "" : text));
            }
        });
    }

    @Override
    public Set<String> reactions(ConversationId id, long seq, long userId) {
        return query("SELECT emoji FROM reactions WHERE conversation_id = ? AND seq = ? AND user_id = ?", select -> {
            select.setString(1, id.value());
            select.setLong(2, seq);
            select.setLong(3, userId);
            Set<String> emojis = new HashSet<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    emojis.add(rows.getString(1));
                }
            }
            return emojis;
        });
    }

    @FunctionalInterface
    private interface Query<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    /** Runs a query; a failure aborts the unit of work, which the writer rolls back. */
    private <T> T query(String sql, Query<T> query) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            return query.run(statement);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the sequencer's state failed: " + e.getMessage(), e);
        }
    }
}
