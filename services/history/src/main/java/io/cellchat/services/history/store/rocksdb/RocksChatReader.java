package io.cellchat.services.history.store.rocksdb;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.EventBody.MessagePosted;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.Reaction;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.social.AccessPolicy;
import io.cellchat.platform.rocksdb.Reads;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The read side on RocksDB: the conversation list, sync of an exact range, history paging. Each call reads from one
 * snapshot, so a sync page's {@code lastSeq} is never older than the events in it, and a list never mixes states.
 * A direct conversation that does not exist yet reads as empty for its two users, so a client can open a chat
 * before the first message.
 */
public final class RocksChatReader implements ChatReader {

    private static final int MAX_CONVERSATIONS = 500;

    private final RocksChatStore store;
    private final ChatTables tables;
    private final MemberRows members;
    private final HeaderRows headers;

    public RocksChatReader(RocksChatStore store) {
        this.store = requireNonNull(store, "store");
        this.tables = store.tables();
        this.members = new MemberRows(tables);
        this.headers = store.headers();
    }

    private record Listed(ConversationId id, Rows.Header header, Member self) {}

    @Override
    public List<ConversationSummary> conversations(long userId) {
        return store.rocks().read(reads -> {
            List<Listed> listed = new ArrayList<>();
            byte[] prefix = Keys.user(userId);
            reads.forward(tables.userConversations(), prefix, Bytes.successor(prefix), (key, value) -> {
                ConversationId id = Keys.conversationAt(key, 8);
                Rows.Header header = headers.get(reads, id);
                Member member = header == null ? null : members.get(reads, id, userId);
                if (header != null && member != null) {
                    listed.add(new Listed(id, header, member));
                }
                return true;
            });
            listed.sort(Comparator.comparing((Listed l) -> l.header().lastActivity()).reversed()
                    .thenComparing(l -> l.id().value()));
            List<ConversationSummary> list = new ArrayList<>();
            for (Listed conversation : listed.subList(0, Math.min(MAX_CONVERSATIONS, listed.size()))) {
                list.add(summary(reads, userId, conversation));
            }
            return list;
        });
    }

    private ConversationSummary summary(Reads reads, long userId, Listed listed) {
        ConversationId id = listed.id();
        Rows.Header header = listed.header();
        long peer = 0;
        if (id.isDirect()) {
            long[] pair = id.directMembers();
            peer = pair[0] == userId ? pair[1] : pair[0];
        }
        int[] unread = {0};
        reads.forward(tables.events(), Keys.event(id, listed.self().seenSeq() + 1), Keys.event(id, header.lastSeq() + 1),
                (key, value) -> {
                    ChatEvent event = StoredEvent.decode(id, Keys.eventSeq(key), value).event();
                    if (event.body() instanceof MessagePosted posted && !posted.deleted() && event.actor() != userId) {
                        unread[0]++;
                    }
                    return true;
                });
        return new ConversationSummary(id, header.kind(), header.title(), header.lastSeq(), unread[0],
                header.memberCount(), peer, lastMessage(reads, id, header.lastSeq()), listed.self(),
                header.lastActivity());
    }

    private @Nullable ChatEvent lastMessage(Reads reads, ConversationId id, long lastSeq) {
        ChatEvent[] last = {null};
        reads.backward(tables.events(), Keys.event(id, 1), Keys.event(id, lastSeq + 1), (key, value) -> {
            ChatEvent event = StoredEvent.decode(id, Keys.eventSeq(key), value).event();
            if (event.body() instanceof MessagePosted) {
                last[0] = event;
                return false;
            }
            return true;
        });
        return last[0] == null ? null : withReactions(reads, id, List.of(last[0])).getFirst();
    }

    @Override
    public SyncPage sync(long userId, ConversationId conversation, long afterSeq, int limit) {
        int pageSize = pageSize(limit);
        if (afterSeq < 0) {
            throw new ChatException(ChatError.INVALID_ARGUMENT, "after_seq: " + afterSeq + " (expected: >= 0)");
        }
        return store.rocks().read(reads -> {
            Rows.Header header = header(reads, userId, conversation);
            if (header == null) {
                return new SyncPage(conversation, conversation.kind(), "", List.of(), 0, false, List.of());
            }
            List<ChatEvent> events = new ArrayList<>();
            reads.forward(tables.events(), Keys.event(conversation, afterSeq + 1),
                    Keys.event(conversation, header.lastSeq() + 1), (key, value) -> {
                        events.add(StoredEvent.decode(conversation, Keys.eventSeq(key), value).event());
                        return events.size() <= pageSize;
                    });
            boolean hasMore = events.size() > pageSize;
            List<ChatEvent> page = hasMore ? events.subList(0, pageSize) : events;
            return new SyncPage(conversation, header.kind(), header.title(), withReactions(reads, conversation, page),
                    header.lastSeq(), hasMore, members(reads, conversation));
        });
    }

    @Override
    public HistoryPage history(long userId, ConversationId conversation, long beforeSeq, int limit) {
        int pageSize = pageSize(limit);
        if (beforeSeq < 0) {
            throw new ChatException(ChatError.INVALID_ARGUMENT, "before_seq: " + beforeSeq + " (expected: >= 0)");
        }
        return store.rocks().read(reads -> {
            Rows.Header header = header(reads, userId, conversation);
            if (header == null) {
                return new HistoryPage(conversation, List.of(), false, 0);
            }
            long before = beforeSeq == 0 || beforeSeq > header.lastSeq() ? header.lastSeq() + 1 : beforeSeq;
            List<ChatEvent> events = new ArrayList<>();
            reads.backward(tables.events(), Keys.event(conversation, 1), Keys.event(conversation, before),
                    (key, value) -> {
                        events.add(StoredEvent.decode(conversation, Keys.eventSeq(key), value).event());
                        return events.size() <= pageSize;
                    });
            boolean hasMore = events.size() > pageSize;
            if (hasMore) {
                events.removeLast();
            }
            Collections.reverse(events);
            return new HistoryPage(conversation, withReactions(reads, conversation, events), hasMore,
                    header.lastSeq());
        });
    }

    @Override
    public Set<Long> memberIds(ConversationId conversation) {
        return store.rocks().read(reads -> {
            Set<Long> ids = new HashSet<>();
            for (Member member : members(reads, conversation)) {
                ids.add(member.userId());
            }
            return ids;
        });
    }

    /** The conversation if the user may read it; {@code null} for a direct conversation not created yet. */
    private Rows.@Nullable Header header(Reads reads, long userId, ConversationId conversation) {
        Rows.Header header = headers.get(reads, conversation);
        if (header == null) {
            if (conversation.isDirect()) {
                long[] pair = conversation.directMembers();
                if (pair[0] == userId || pair[1] == userId) {
                    return null;
                }
                throw AccessPolicy.noSuchConversation(conversation);
            }
            throw AccessPolicy.noSuchConversation(conversation);
        }
        if (members.get(reads, conversation, userId) == null) {
            throw AccessPolicy.noSuchConversation(conversation);
        }
        return header;
    }

    private List<Member> members(Reads reads, ConversationId conversation) {
        return members.all(reads, conversation);
    }

    private record ReactionRow(long seq, String emoji, long userId, long at) {}

    /** The events with the current reactions of their messages, emojis in first-use order, users in reaction order. */
    private List<ChatEvent> withReactions(Reads reads, ConversationId conversation, List<ChatEvent> events) {
        if (events.isEmpty()) {
            return events;
        }
        long low = events.getFirst().seq();
        long high = events.getLast().seq();
        List<ReactionRow> rows = new ArrayList<>();
        int prefixLength = Keys.conversation(conversation).length;
        reads.forward(tables.reactions(), Keys.reactions(conversation, low), Keys.reactions(conversation, high + 1),
                (key, value) -> {
                    Keys.ReactionKey parsed = Keys.reactionAt(key, prefixLength);
                    rows.add(new ReactionRow(parsed.seq(), parsed.emoji(), parsed.userId(),
                            new Bytes.Reader(value).fixed64()));
                    return true;
                });
        if (rows.isEmpty()) {
            return events;
        }
        rows.sort(Comparator.comparingLong(ReactionRow::seq).thenComparingLong(ReactionRow::at)
                .thenComparingLong(ReactionRow::userId));
        Map<Long, Map<String, List<Long>>> bySeq = new LinkedHashMap<>();
        for (ReactionRow row : rows) {
            bySeq.computeIfAbsent(row.seq(), s -> new LinkedHashMap<>())
                    .computeIfAbsent(row.emoji(), e -> new ArrayList<>()).add(row.userId());
        }
        List<ChatEvent> result = new ArrayList<>(events.size());
        for (ChatEvent event : events) {
            Map<String, List<Long>> emojis = bySeq.get(event.seq());
            if (emojis != null && event.body() instanceof MessagePosted posted) {
                List<Reaction> reactions = emojis.entrySet().stream()
                        .map(e -> new Reaction(e.getKey(), e.getValue())).toList();
                result.add(new ChatEvent(event.conversation(), event.seq(), event.eventId(), event.actor(), event.at(),
                        new MessagePosted(posted.body(), posted.replyToSeq(), posted.idempotencyKey(),
                                posted.editedAt(), posted.deleted(), reactions)));
            } else {
                result.add(event);
            }
        }
        return result;
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
