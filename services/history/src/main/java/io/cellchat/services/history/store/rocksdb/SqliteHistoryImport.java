package io.cellchat.services.history.store.rocksdb;

import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationKind;
import io.cellchat.domain.chat.EventBody;
import io.cellchat.domain.chat.EventBody.MessageEdited;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.MessageBody;
import io.cellchat.domain.chat.Role;
import io.cellchat.domain.chat.sequencing.IdempotencyRecord;
import io.cellchat.platform.rocksdb.Batch;
import io.cellchat.platform.sqlite.SqliteDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Copies the history of a 0.1 data folder (the chat tables of {@code cellchat.db}) into a RocksDB chat store, row by
 * row and unchanged: conversations, members with receipts, every event with its message state, reactions and
 * idempotency records. Sequence numbers, IDs and timestamps are kept, so clients that hold {@code 1..N} of a
 * conversation still hold exactly that. Reads the SQLite file in one read transaction; writes in batches of a few
 * thousand rows through the store's writer. The SQLite tables are left as they were.
 */
public final class SqliteHistoryImport {

    private static final int ROWS_PER_BATCH = 2_000;
    private static final int IN_FLIGHT = 16;

    private final RocksChatStore target;
    private final ChatTables tables;
    private final Consumer<String> progress;
    private final List<CompletableFuture<Void>> inFlight = new ArrayList<>();
    private List<Consumer<Batch>> pending = new ArrayList<>();
    private long rows;

    private SqliteHistoryImport(RocksChatStore target, Consumer<String> progress) {
        this.target = target;
        this.tables = target.tables();
        this.progress = progress;
    }

    /** Whether the database holds 0.1 chat tables with at least one conversation. */
    public static boolean hasHistory(SqliteDatabase source) {
        return source.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'conversations'");
                    ResultSet row = select.executeQuery()) {
                if (!row.next() || row.getInt(1) == 0) {
                    return false;
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM conversations LIMIT 1");
                    ResultSet row = select.executeQuery()) {
                return row.next();
            }
        });
    }

    /**
     * Copies everything; reports progress about every 100,000 rows.
     *
     * @return the rows copied
     */
    public static long copy(SqliteDatabase source, RocksChatStore target, Consumer<String> progress) {
        SqliteHistoryImport run = new SqliteHistoryImport(target, progress);
        source.read(connection -> {
            run.conversations(connection);
            run.members(connection);
            run.events(connection);
            run.reactions(connection);
            run.idempotency(connection);
            return null;
        });
        run.flush();
        run.inFlight.forEach(CompletableFuture::join);
        progress.accept(String.format("history copied: %,d rows", run.rows));
        return run.rows;
    }

    private void conversations(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT c.id, c.kind, c.title, c.last_seq,"
                + " c.last_activity_at, (SELECT count(*) FROM members m WHERE m.conversation_id = c.id)"
                + " FROM conversations c"); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ConversationId id = new ConversationId(rows.getString(1));
                byte[] header = new Rows.Header(ConversationKind.valueOf(rows.getString(2)), rows.getString(3),
                        rows.getLong(4), rows.getInt(6), Instant.ofEpochMilli(rows.getLong(5))).encode();
                add(batch -> batch.put(tables.conversations(), Keys.conversation(id), header));
            }
        }
    }

    private void members(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT conversation_id, user_id, role, delivered_seq, seen_seq FROM members");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ConversationId id = new ConversationId(rows.getString(1));
                Member member = new Member(rows.getLong(2), Role.valueOf(rows.getString(3)), rows.getLong(4),
                        rows.getLong(5));
                add(batch -> {
                    batch.put(tables.members(), Keys.member(id, member.userId()), Rows.member(member));
                    batch.put(tables.userConversations(), Keys.userConversation(member.userId(), id), new byte[0]);
                });
            }
        }
    }

    private void events(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT conversation_id, seq, event_id, actor,"
                + " at, kind, target_seq, text, flag, members, idempotency_key, edited_at, deleted FROM events"
                + " ORDER BY conversation_id, seq"); ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                ConversationId id = new ConversationId(rows.getString(1));
                StoredEvent stored = StoredEvent.of(new ChatEvent(id, rows.getLong(2), rows.getLong(3),
                        rows.getLong(4), Instant.ofEpochMilli(rows.getLong(5)), body(rows)));
                add(batch -> {
                    batch.put(tables.events(), Keys.event(id, stored.event().seq()), stored.encode());
                    if (stored.event().body() instanceof MessageEdited edited) {
                        byte[] key = Keys.event(id, edited.targetSeq());
                        byte[] message = batch.get(tables.events(), key);
                        if (message != null) {
                            StoredEvent target = StoredEvent.decode(id, edited.targetSeq(), message);
                            List<Long> edits = new ArrayList<>(target.editSeqs());
                            edits.add(stored.event().seq());
                            batch.put(tables.events(), key, new StoredEvent(target.event(), edits).encode());
                        }
                    }
                });
            }
        }
    }

    private static EventBody body(ResultSet row) throws SQLException {
        long target = row.getLong(7);
        String text = row.getString(8) == null ? "" : row.getString(8);
        String members = row.getString(10);
        return switch (row.getString(6)) {
            case "MESSAGE" -> {
                long editedAt = row.getLong(12);
                yield new EventBody.MessagePosted(new MessageBody.Text(text), target,
                        row.getString(11) == null ? "" : row.getString(11),
                        editedAt == 0 ? null : Instant.ofEpochMilli(editedAt), row.getInt(13) == 1, List.of());
            }
            case "EDITED" -> new MessageEdited(target, new MessageBody.Text(text));
            case "DELETED" -> new EventBody.MessageDeleted(target);
            case "REACTION" -> new EventBody.ReactionChanged(target, text, row.getInt(9) == 1);
            case "GROUP_CREATED" -> new EventBody.GroupCreated(text, decode(members));
            case "GROUP_RENAMED" -> new EventBody.GroupRenamed(text);
            case "MEMBERS_ADDED" -> new EventBody.MembersAdded(decode(members));
            case "MEMBER_REMOVED" -> new EventBody.MemberRemoved(Long.parseLong(members));
            case "MEMBER_LEFT" -> new EventBody.MemberLeft(Long.parseLong(members));
            case "ROLE_CHANGED" -> {
                Member member = decode(members).getFirst();
                yield new EventBody.RoleChanged(member.userId(), member.role());
            }
            default -> throw new IllegalStateException("unknown event kind " + row.getString(6));
        };
    }

    private static List<Member> decode(String members) {
        return Arrays.stream(members.split(","))
                .map(part -> part.split(":"))
                .map(pair -> Member.joined(Long.parseLong(pair[0]), Role.valueOf(pair[1])))
                .toList();
    }

    private void reactions(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT conversation_id, seq, emoji, user_id, at FROM reactions");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                byte[] key = Keys.reaction(new ConversationId(rows.getString(1)), rows.getLong(2), rows.getLong(4),
                        rows.getString(3));
                byte[] at = new Bytes.Writer(8).fixed64(rows.getLong(5)).bytes();
                add(batch -> batch.put(tables.reactions(), key, at));
            }
        }
    }

    private void idempotency(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT user_id, key, fingerprint,"
                + " conversation_id, seq, message_id, created_at FROM idempotency");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                IdempotencyRecord record = new IdempotencyRecord(rows.getLong(1), rows.getString(2),
                        rows.getString(3), new ConversationId(rows.getString(4)), rows.getLong(5), rows.getLong(6),
                        Instant.ofEpochMilli(rows.getLong(7)));
                add(batch -> batch.put(tables.idempotency(), Keys.idempotency(record.actor(), record.key()),
                        Rows.idempotency(record)));
            }
        }
    }

    private void add(Consumer<Batch> write) {
        pending.add(write);
        rows++;
        if (rows % 100_000 == 0) {
            progress.accept(String.format("history copied: %,d rows so far", rows));
        }
        if (pending.size() >= ROWS_PER_BATCH) {
            flush();
        }
    }

    private void flush() {
        if (pending.isEmpty()) {
            return;
        }
        List<Consumer<Batch>> writes = pending;
        pending = new ArrayList<>();
        inFlight.add(target.rocks().writer().submit(batch -> {
            writes.forEach(write -> write.accept(batch));
            return null;
        }, ignored -> { }));
        if (inFlight.size() >= IN_FLIGHT) {
            inFlight.removeFirst().join();
        }
    }
}
