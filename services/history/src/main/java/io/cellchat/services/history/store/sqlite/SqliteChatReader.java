package io.cellchat.services.history.store.sqlite;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.social.AccessPolicy;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationKind;
import io.cellchat.domain.chat.EventBody.MessagePosted;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.Reaction;
import io.cellchat.domain.chat.Role;
import io.cellchat.platform.sqlite.SqliteDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The read side on SQLite: the conversation list, sync of an exact range, history paging. Reads run on the pooled
 * connections; WAL gives each a consistent snapshot while the writer commits. A direct conversation that does not
 * exist yet reads as empty for its two users, so a client can open a chat before the first message.
 */
public final class SqliteChatReader implements ChatReader {

    private static final int MAX_CONVERSATIONS = 500;

    private final SqliteDatabase database;

    public SqliteChatReader(SqliteDatabase database) {
        this.database = requireNonNull(database, "database");
    }

    @Override
    public List<ConversationSummary> conversations(long userId) {
        return database.read(connection -> {
            List<ConversationSummary> list = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("""
                    SELECT c.id, c.kind, c.title, c.last_seq, c.last_activity_at, m.role, m.delivered_seq, m.seen_seq,
                           (SELECT count(*) FROM members mm WHERE mm.conversation_id = c.id),
                           (SELECT count(*) FROM events e WHERE e.conversation_id = c.id AND e.kind = 'MESSAGE'
                               AND e.seq > m.seen_seq AND e.actor <> m.user_id AND e.deleted = 0)
                    FROM members m JOIN conversations c ON c.id = m.conversation_id
                    WHERE m.user_id = ?
                    ORDER BY c.last_activity_at DESC
                    LIMIT ?""")) {
                select.setLong(1, userId);
                select.setInt(2, MAX_CONVERSATIONS);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ConversationId id = new ConversationId(rows.getString(1));
                        long peer = 0;
                        if (id.isDirect()) {
                            long[] pair = id.directMembers();
                            peer = pair[0] == userId ? pair[1] : pair[0];
                        }
                        Member self = new Member(userId, Role.valueOf(rows.getString(6)), rows.getLong(7),
                                rows.getLong(8));
                        list.add(new ConversationSummary(id, ConversationKind.valueOf(rows.getString(2)),
                                rows.getString(3), rows.getLong(4), rows.getInt(10), rows.getInt(9), peer, null, self,
                                Instant.ofEpochMilli(rows.getLong(5))));
                    }
                }
            }
            List<ConversationSummary> withLast = new ArrayList<>(list.size());
            for (ConversationSummary summary : list) {
                withLast.add(new ConversationSummary(summary.id(), summary.kind(), summary.title(), summary.lastSeq(),
                        summary.unread(), summary.memberCount(), summary.peerUserId(),
                        lastMessage(connection, summary.id()), summary.self(), summary.lastActivity()));
            }
            return withLast;
        });
    }

    @Override
    public SyncPage sync(long userId, ConversationId conversation, long afterSeq, int limit) {
        int pageSize = pageSize(limit);
        if (afterSeq < 0) {
            throw new ChatException(ChatError.INVALID_ARGUMENT, "after_seq: " + afterSeq + " (expected: >= 0)");
        }
        return database.read(connection -> {
            Header header = header(connection, userId, conversation);
            if (header == null) {
                return new SyncPage(conversation, conversation.kind(), "", List.of(), 0, false, List.of());
            }
            List<ChatEvent> events = events(connection, conversation,
                    "seq > ? ORDER BY seq ASC LIMIT ?", afterSeq, pageSize + 1);
            boolean hasMore = events.size() > pageSize;
            List<ChatEvent> page = hasMore ? events.subList(0, pageSize) : events;
            return new SyncPage(conversation, header.kind(), header.title(), page, header.lastSeq(), hasMore,
                    members(connection, conversation));
        });
    }

    @Override
    public HistoryPage history(long userId, ConversationId conversation, long beforeSeq, int limit) {
        int pageSize = pageSize(limit);
        if (beforeSeq < 0) {
            throw new ChatException(ChatError.INVALID_ARGUMENT, "before_seq: " + beforeSeq + " (expected: >= 0)");
        }
        return database.read(connection -> {
            Header header = header(connection, userId, conversation);
            if (header == null) {
                return new HistoryPage(conversation, List.of(), false, 0);
            }
            long before = beforeSeq == 0 ? Long.MAX_VALUE : beforeSeq;
            List<ChatEvent> events = new ArrayList<>(events(connection, conversation,
                    "seq < ? ORDER BY seq DESC LIMIT ?", before, pageSize + 1));
            boolean hasMore = events.size() > pageSize;
            if (hasMore) {
                events.removeLast();
            }
            Collections.reverse(events);
            return new HistoryPage(conversation, events, hasMore, header.lastSeq());
        });
    }

    @Override
    public Set<Long> memberIds(ConversationId conversation) {
        return database.read(connection -> {
            Set<Long> members = new HashSet<>();
            for (Member member : members(connection, conversation)) {
                members.add(member.userId());
            }
            return members;
        });
    }

    private record Header(ConversationKind kind, String title, long lastSeq) {}

    /** The conversation if the user may read it; {@code null} for a direct conversation not created yet. */
    private static @Nullable Header header(Connection connection, long userId, ConversationId conversation)
            throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("""
                SELECT c.kind, c.title, c.last_seq,
                       EXISTS (SELECT 1 FROM members m WHERE m.conversation_id = c.id AND m.user_id = ?)
                FROM conversations c WHERE c.id = ?""")) {
            select.setLong(1, userId);
            select.setString(2, conversation.value());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    if (conversation.isDirect()) {
                        long[] pair = conversation.directMembers();
                        if (pair[0] == userId || pair[1] == userId) {
                            return null;
                        }
                        throw AccessPolicy.noSuchConversation(conversation);
                    }
                    throw AccessPolicy.noSuchConversation(conversation);
                }
                if (!row.getBoolean(4)) {
                    throw AccessPolicy.noSuchConversation(conversation);
                }
                return new Header(ConversationKind.valueOf(row.getString(1)), row.getString(2), row.getLong(3));
            }
        }
    }

    private static List<ChatEvent> events(Connection connection, ConversationId conversation, String where,
            long bound, int limit) throws SQLException {
        List<ChatEvent> events = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT " + EventRows.COLUMNS
                + " FROM events WHERE conversation_id = ? AND " + where)) {
            select.setString(1, conversation.value());
            select.setLong(2, bound);
            select.setInt(3, limit);
            // Reactions are read once for the page's range, after its bounds are known.
            try (ResultSet rows = select.executeQuery()) {
                Map<Long, List<Reaction>> none = Map.of();
                while (rows.next()) {
                    events.add(EventRows.read(conversation, rows, none));
                }
            }
            if (events.isEmpty()) {
                return events;
            }
            long low = Math.min(events.getFirst().seq(), events.getLast().seq());
            long high = Math.max(events.getFirst().seq(), events.getLast().seq());
            Map<Long, List<Reaction>> reactions = EventRows.reactions(connection, conversation, low, high);
            if (reactions.isEmpty()) {
                return events;
            }
            List<ChatEvent> withReactions = new ArrayList<>(events.size());
            for (ChatEvent event : events) {
                withReactions.add(event.body() instanceof MessagePosted posted && reactions.containsKey(event.seq())
                        ? new ChatEvent(event.conversation(), event.seq(), event.eventId(), event.actor(), event.at(),
                                new MessagePosted(posted.body(), posted.replyToSeq(), posted.idempotencyKey(),
                                        posted.editedAt(), posted.deleted(), reactions.get(event.seq())))
                        : event);
            }
            return withReactions;
        }
    }

    private static @Nullable ChatEvent lastMessage(Connection connection, ConversationId conversation)
            throws SQLException {
        List<ChatEvent> last = events(connection, conversation,
                "kind = 'MESSAGE' AND seq < ? ORDER BY seq DESC LIMIT ?", Long.MAX_VALUE, 1);
        return last.isEmpty() ? null : last.getFirst();
    }

    private static List<Member> members(Connection connection, ConversationId conversation) throws SQLException {
        List<Member> members = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT user_id, role, delivered_seq, seen_seq"
                + " FROM members WHERE conversation_id = ? ORDER BY user_id")) {
            select.setString(1, conversation.value());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    members.add(new Member(rows.getLong(1), Role.valueOf(rows.getString(2)), rows.getLong(3),
                            rows.getLong(4)));
                }
            }
        }
        return members;
    }

    private static int pageSize(int limit) {
        if (limit == 0) {
            return 200;
        }
        if (limit < 1 || limit > MAX_PAGE) {
            throw new ChatException(ChatError.INVALID_ARGUMENT, "limit: " + limit + " (expected: 1.." + MAX_PAGE + ")");
        }
        return limit;
    }
}
