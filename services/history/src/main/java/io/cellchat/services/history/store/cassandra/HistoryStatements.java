package io.cellchat.services.history.store.cassandra;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;

/**
 * Every CQL statement of the Cassandra history, prepared once per session (schema: {@code db/cassandra/V1}). All run
 * at LOCAL_QUORUM (docs/design/cell.md, "Consistency") and are marked idempotent, so the driver may retry them; the
 * writes take their timestamp as a bound {@code USING TIMESTAMP} value (see {@link Versions}).
 */
final class HistoryStatements {

    /** Sequence numbers per {@code events} partition: {@code bucket = seq / BUCKET_SIZE}. */
    static final long BUCKET_SIZE = 10_000;

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    final PreparedStatement insertEvent;
    final PreparedStatement editMessage;
    final PreparedStatement deleteMessage;
    final PreparedStatement messageEdits;
    final PreparedStatement blankEdit;
    final PreparedStatement addReaction;
    final PreparedStatement removeReaction;
    final PreparedStatement removeReactionsOfMessage;
    final PreparedStatement upsertMember;
    final PreparedStatement setRole;
    final PreparedStatement deleteMember;
    final PreparedStatement memberMarks;
    final PreparedStatement createConversation;
    final PreparedStatement advanceConversation;
    final PreparedStatement setTitle;
    final PreparedStatement joinList;
    final PreparedStatement advanceList;
    final PreparedStatement listTitle;
    final PreparedStatement listRole;
    final PreparedStatement listLastMessage;
    final PreparedStatement listMarks;
    final PreparedStatement leaveList;

    final PreparedStatement selectConversation;
    final PreparedStatement selectMember;
    final PreparedStatement selectMembers;
    final PreparedStatement selectEventsAfter;
    final PreparedStatement selectEventsUpTo;
    final PreparedStatement selectEvent;
    final PreparedStatement selectReactions;
    final PreparedStatement selectList;
    final PreparedStatement selectUnread;

    HistoryStatements(CqlSession session) {
        String event = "conversation_id = ? AND bucket = ? AND seq = ?";
        insertEvent = prepare(session, "INSERT INTO events (conversation_id, bucket, seq, event_id, actor, at, kind,"
                + " target_seq, text, flag, members, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                + " USING TIMESTAMP ?");
        editMessage = prepare(session, "UPDATE events USING TIMESTAMP ? SET text = ?, edited_at = ?,"
                + " edits = edits + ? WHERE " + event);
        deleteMessage = prepare(session, "UPDATE events USING TIMESTAMP ? SET text = '', deleted = true WHERE " + event);
        messageEdits = prepare(session, "SELECT edits FROM events WHERE " + event);
        blankEdit = prepare(session, "UPDATE events USING TIMESTAMP ? SET text = null WHERE " + event);
        addReaction = prepare(session, "INSERT INTO reactions (conversation_id, bucket, seq, emoji, user_id, at)"
                + " VALUES (?, ?, ?, ?, ?, ?) USING TIMESTAMP ?");
        removeReaction = prepare(session, "DELETE FROM reactions USING TIMESTAMP ? WHERE conversation_id = ?"
                + " AND bucket = ? AND seq = ? AND emoji = ? AND user_id = ?");
        removeReactionsOfMessage = prepare(session, "DELETE FROM reactions USING TIMESTAMP ? WHERE " + event);
        upsertMember = prepare(session, "INSERT INTO members (conversation_id, user_id, role, delivered_seq, seen_seq)"
                + " VALUES (?, ?, ?, ?, ?) USING TIMESTAMP ?");
        setRole = prepare(session, "UPDATE members USING TIMESTAMP ? SET role = ? WHERE conversation_id = ?"
                + " AND user_id = ?");
        deleteMember = prepare(session, "DELETE FROM members USING TIMESTAMP ? WHERE conversation_id = ?"
                + " AND user_id = ?");
        memberMarks = prepare(session, "UPDATE members USING TIMESTAMP ? SET delivered_seq = ?, seen_seq = ?"
                + " WHERE conversation_id = ? AND user_id = ?");
        createConversation = prepare(session, "UPDATE conversations USING TIMESTAMP ? SET kind = ?"
                + " WHERE conversation_id = ?");
        advanceConversation = prepare(session, "UPDATE conversations USING TIMESTAMP ? SET last_seq = ?,"
                + " last_activity = ?, member_count = ? WHERE conversation_id = ?");
        setTitle = prepare(session, "UPDATE conversations USING TIMESTAMP ? SET title = ? WHERE conversation_id = ?");
        joinList = prepare(session, "UPDATE conversations_by_user USING TIMESTAMP ? SET kind = ?, title = ?,"
                + " role = ?, delivered_seq = ?, seen_seq = ? WHERE user_id = ? AND conversation_id = ?");
        advanceList = prepare(session, "UPDATE conversations_by_user USING TIMESTAMP ? SET last_seq = ?,"
                + " last_activity = ?, member_count = ? WHERE user_id = ? AND conversation_id = ?");
        listTitle = prepare(session, "UPDATE conversations_by_user USING TIMESTAMP ? SET title = ?"
                + " WHERE user_id = ? AND conversation_id = ?");
        listRole = prepare(session, "UPDATE conversations_by_user USING TIMESTAMP ? SET role = ?"
                + " WHERE user_id = ? AND conversation_id = ?");
        listLastMessage = prepare(session, "UPDATE conversations_by_user USING TIMESTAMP ? SET last_message_seq = ?"
                + " WHERE user_id = ? AND conversation_id = ?");
        listMarks = prepare(session, "UPDATE conversations_by_user USING TIMESTAMP ? SET delivered_seq = ?,"
                + " seen_seq = ? WHERE user_id = ? AND conversation_id = ?");
        leaveList = prepare(session, "DELETE FROM conversations_by_user USING TIMESTAMP ? WHERE user_id = ?"
                + " AND conversation_id = ?");

        selectConversation = prepare(session, "SELECT kind, title, last_seq FROM conversations"
                + " WHERE conversation_id = ?");
        selectMember = prepare(session, "SELECT user_id FROM members WHERE conversation_id = ? AND user_id = ?");
        selectMembers = prepare(session, "SELECT user_id, role, delivered_seq, seen_seq FROM members"
                + " WHERE conversation_id = ?");
        selectEventsAfter = prepare(session, "SELECT " + EventRows.COLUMNS + " FROM events WHERE conversation_id = ?"
                + " AND bucket = ? AND seq > ? AND seq <= ? ORDER BY seq ASC LIMIT ?");
        selectEventsUpTo = prepare(session, "SELECT " + EventRows.COLUMNS + " FROM events WHERE conversation_id = ?"
                + " AND bucket = ? AND seq <= ? ORDER BY seq DESC LIMIT ?");
        selectEvent = prepare(session, "SELECT " + EventRows.COLUMNS + " FROM events WHERE " + event);
        selectReactions = prepare(session, "SELECT seq, emoji, user_id, at FROM reactions WHERE conversation_id = ?"
                + " AND bucket = ? AND seq >= ? AND seq <= ?");
        selectList = prepare(session, "SELECT conversation_id, kind, title, role, last_seq, last_activity,"
                + " last_message_seq, member_count, delivered_seq, seen_seq FROM conversations_by_user WHERE user_id = ?");
        selectUnread = prepare(session, "SELECT seq, actor, kind, deleted FROM events WHERE conversation_id = ?"
                + " AND bucket = ? AND seq > ? AND seq <= ? LIMIT ?");
    }

    static int bucket(long seq) {
        return (int) (seq / BUCKET_SIZE);
    }

    private static PreparedStatement prepare(CqlSession session, String cql) {
        return session.prepare(SimpleStatement.newInstance(cql)
                .setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                .setIdempotent(true)
                .setTimeout(TIMEOUT));
    }
}
