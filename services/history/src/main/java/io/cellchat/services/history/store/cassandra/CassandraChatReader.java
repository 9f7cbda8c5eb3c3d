package io.cellchat.services.history.store.cassandra;

import static io.cellchat.services.history.store.cassandra.HistoryStatements.bucket;
import static java.util.Objects.requireNonNull;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationKind;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.Reaction;
import io.cellchat.domain.chat.Role;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.social.AccessPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The read side of the distributed cell, on the tables the materializer writes ({@link CassandraHistoryWriter}).
 *
 * <p>Every read of a conversation first reads its header: {@code last_seq} is written only after every event up to
 * it, so capping the event read at it gives an answer that never claims a {@code last_seq} below an event it returns
 * and has no gap below it. The conversation list reads one partition (the user's rows), sorts it by activity, and
 * fetches each conversation's latest message and unread count concurrently. Reads run at LOCAL_QUORUM, so an event
 * whose push or {@code accepted} a client saw is read back. A direct conversation that does not exist yet reads as
 * empty for its two users.
 */
public final class CassandraChatReader implements ChatReader {

    private static final int MAX_CONVERSATIONS = 500;
    /** Unread counts stop here (shown as "999+"): counting reads the unread message rows. */
    static final int MAX_UNREAD = 999;

    private final CqlSession session;
    private final HistoryStatements statements;

    public CassandraChatReader(CqlSession session) {
        this.session = requireNonNull(session, "session");
        this.statements = new HistoryStatements(session);
    }

    @Override
    public List<ConversationSummary> conversations(long userId) {
        List<Row> rows = new ArrayList<>();
        for (Row row : session.execute(statements.selectList.bind(userId))) {
            if (row.getString("kind") != null && row.getInstant("last_activity") != null) {
                rows.add(row);
            }
        }
        rows.sort(Comparator.comparing((Row row) -> row.getInstant("last_activity")).reversed());
        List<Row> shown = rows.subList(0, Math.min(rows.size(), MAX_CONVERSATIONS));
        List<CompletableFuture<ConversationSummary>> summaries = new ArrayList<>(shown.size());
        for (Row row : shown) {
            summaries.add(summary(userId, row));
        }
        return summaries.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<ConversationSummary> summary(long userId, Row row) {
        ConversationId id = new ConversationId(requireNonNull(row.getString("conversation_id"), "conversation_id"));
        long lastSeq = row.getLong("last_seq");
        Member self = new Member(userId, Role.valueOf(requireNonNull(row.getString("role"), "role")), row.getLong("delivered_seq"),
                row.getLong("seen_seq"));
        long lastMessageSeq = row.getLong("last_message_seq");
        CompletableFuture<ChatEvent> lastMessage = lastMessageSeq == 0
                ? CompletableFuture.completedFuture(null)
                : lastMessage(id, lastMessageSeq);
        CompletableFuture<Integer> unread = self.seenSeq() >= lastSeq
                ? CompletableFuture.completedFuture(0)
                : unread(userId, id, self.seenSeq(), lastSeq);
        long peer = 0;
        if (id.isDirect()) {
            long[] pair = id.directMembers();
            peer = pair[0] == userId ? pair[1] : pair[0];
        }
        long peerUserId = peer;
        String title = row.getString("title");
        return lastMessage.thenCombine(unread, (message, count) -> new ConversationSummary(id,
                ConversationKind.valueOf(requireNonNull(row.getString("kind"), "kind")), title == null ? "" : title, lastSeq, count,
                row.getInt("member_count"), peerUserId, message, self,
                requireNonNull(row.getInstant("last_activity"), "last_activity")));
    }

    private CompletableFuture<ChatEvent> lastMessage(ConversationId id, long seq) {
        CompletionStage<AsyncResultSet> row = session.executeAsync(statements.selectEvent.bind(id.value(), bucket(seq),
                seq));
        CompletionStage<AsyncResultSet> reactions = session.executeAsync(statements.selectReactions.bind(id.value(),
                bucket(seq), seq, seq));
        return row.thenCombine(reactions, (events, emojis) -> {
            Row event = events.one();
            return event == null ? null : EventRows.read(id, event, reactions(emojis.currentPage()));
        }).toCompletableFuture();
    }

    /** Messages from others after {@code seenSeq} that are not deleted, at most {@link #MAX_UNREAD}. */
    private CompletableFuture<Integer> unread(long userId, ConversationId id, long seenSeq, long lastSeq) {
        List<CompletableFuture<AsyncResultSet>> pages = new ArrayList<>();
        for (int b = bucket(seenSeq + 1); b <= bucket(lastSeq); b++) {
            pages.add(session.executeAsync(statements.selectUnread.bind(id.value(), b, seenSeq, lastSeq,
                    MAX_UNREAD * 2)).toCompletableFuture());
            if (pages.size() >= 2) {
                break;
            }
        }
        return CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            int count = 0;
            for (CompletableFuture<AsyncResultSet> page : pages) {
                for (Row row : page.join().currentPage()) {
                    if ("MESSAGE".equals(row.getString("kind")) && row.getLong("actor") != userId
                            && !row.getBoolean("deleted")) {
                        count++;
                    }
                }
            }
            return Math.min(count, MAX_UNREAD);
        });
    }

    @Override
    public SyncPage sync(long userId, ConversationId conversation, long afterSeq, int limit) {
        int pageSize = pageSize(limit);
        if (afterSeq < 0) {
            throw new ChatException(ChatError.INVALID_ARGUMENT, "after_seq: " + afterSeq + " (expected: >= 0)");
        }
        Header header = header(userId, conversation);
        if (header == null) {
            return new SyncPage(conversation, conversation.kind(), "", List.of(), 0, false, List.of());
        }
        List<Row> rows = new ArrayList<>();
        long from = afterSeq;
        while (rows.size() < pageSize && from < header.lastSeq()) {
            int bucket = bucket(from + 1);
            long upTo = Math.min(header.lastSeq(), (bucket + 1) * HistoryStatements.BUCKET_SIZE - 1);
            for (Row row : session.execute(statements.selectEventsAfter.bind(conversation.value(), bucket, from, upTo,
                    pageSize - rows.size()))) {
                rows.add(row);
            }
            from = upTo;
        }
        List<ChatEvent> events = events(conversation, rows);
        boolean hasMore = !events.isEmpty() ? events.getLast().seq() < header.lastSeq() : afterSeq < header.lastSeq();
        return new SyncPage(conversation, header.kind(), header.title(), events, header.lastSeq(), hasMore,
                members(conversation));
    }

    @Override
    public HistoryPage history(long userId, ConversationId conversation, long beforeSeq, int limit) {
        int pageSize = pageSize(limit);
        if (beforeSeq < 0) {
            throw new ChatException(ChatError.INVALID_ARGUMENT, "before_seq: " + beforeSeq + " (expected: >= 0)");
        }
        Header header = header(userId, conversation);
        if (header == null) {
            return new HistoryPage(conversation, List.of(), false, 0);
        }
        long upTo = beforeSeq == 0 ? header.lastSeq() : Math.min(beforeSeq - 1, header.lastSeq());
        List<Row> rows = new ArrayList<>();
        while (rows.size() < pageSize && upTo >= 1) {
            int bucket = bucket(upTo);
            for (Row row : session.execute(statements.selectEventsUpTo.bind(conversation.value(), bucket, upTo,
                    pageSize - rows.size()))) {
                rows.add(row);
            }
            upTo = bucket * HistoryStatements.BUCKET_SIZE - 1;
        }
        Collections.reverse(rows);
        List<ChatEvent> events = events(conversation, rows);
        boolean hasMore = !events.isEmpty() && events.getFirst().seq() > 1;
        return new HistoryPage(conversation, events, hasMore, header.lastSeq());
    }

    @Override
    public Set<Long> memberIds(ConversationId conversation) {
        Set<Long> members = new HashSet<>();
        for (Row row : session.execute(statements.selectMembers.bind(conversation.value()))) {
            members.add(row.getLong("user_id"));
        }
        return members;
    }

    private record Header(ConversationKind kind, String title, long lastSeq) {}

    /** The conversation if the user may read it; {@code null} for a direct conversation not created yet. */
    private @Nullable Header header(long userId, ConversationId conversation) {
        CompletionStage<AsyncResultSet> member = session.executeAsync(
                statements.selectMember.bind(conversation.value(), userId));
        Row row = session.execute(statements.selectConversation.bind(conversation.value())).one();
        boolean isMember = member.toCompletableFuture().join().one() != null;
        if (row == null || row.getString("kind") == null || row.isNull("last_seq")) {
            if (conversation.isDirect()) {
                long[] pair = conversation.directMembers();
                if (pair[0] == userId || pair[1] == userId) {
                    return null;
                }
                throw AccessPolicy.noSuchConversation(conversation);
            }
            if (isMember) {
                return null;
            }
            throw AccessPolicy.noSuchConversation(conversation);
        }
        if (!isMember) {
            // An outsider learns nothing: the same answer as for a conversation that does not exist.
            throw AccessPolicy.noSuchConversation(conversation);
        }
        String title = row.getString("title");
        return new Header(ConversationKind.valueOf(row.getString("kind")), title == null ? "" : title,
                row.getLong("last_seq"));
    }

    /** The events of the rows, oldest first, with the current reactions of their messages. */
    private List<ChatEvent> events(ConversationId conversation, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        long low = rows.getFirst().getLong("seq");
        long high = rows.getLast().getLong("seq");
        Map<Long, List<Reaction>> reactions = new LinkedHashMap<>();
        for (int b = bucket(low); b <= bucket(high); b++) {
            ResultSet result = session.execute(statements.selectReactions.bind(conversation.value(), b, low, high));
            reactions.putAll(reactions(result.all()));
        }
        List<ChatEvent> events = new ArrayList<>(rows.size());
        for (Row row : rows) {
            events.add(EventRows.read(conversation, row, reactions));
        }
        return events;
    }

    /** Reactions by message sequence number: emojis in first-use order, users in the order they reacted. */
    private static Map<Long, List<Reaction>> reactions(Iterable<Row> rows) {
        record Entry(long seq, String emoji, long user, Instant at) {}
        List<Entry> entries = new ArrayList<>();
        for (Row row : rows) {
            Instant at = row.getInstant("at");
            entries.add(new Entry(row.getLong("seq"), requireNonNull(row.getString("emoji"), "emoji"), row.getLong("user_id"),
                    at == null ? Instant.EPOCH : at));
        }
        entries.sort(Comparator.comparingLong(Entry::seq).thenComparing(Entry::at).thenComparingLong(Entry::user));
        Map<Long, Map<String, List<Long>>> bySeq = new LinkedHashMap<>();
        for (Entry entry : entries) {
            bySeq.computeIfAbsent(entry.seq(), s -> new LinkedHashMap<>())
                    .computeIfAbsent(entry.emoji(), e -> new ArrayList<>())
                    .add(entry.user());
        }
        Map<Long, List<Reaction>> result = new LinkedHashMap<>();
        bySeq.forEach((seq, emojis) -> result.put(seq,
                emojis.entrySet().stream().map(e -> new Reaction(e.getKey(), e.getValue())).toList()));
        return result;
    }

    private List<Member> members(ConversationId conversation) {
        List<Member> members = new ArrayList<>();
        for (Row row : session.execute(statements.selectMembers.bind(conversation.value()))) {
            members.add(new Member(row.getLong("user_id"), Role.valueOf(requireNonNull(row.getString("role"), "role")),
                    row.getLong("delivered_seq"), row.getLong("seen_seq")));
        }
        members.sort(Comparator.comparingLong(Member::userId));
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
