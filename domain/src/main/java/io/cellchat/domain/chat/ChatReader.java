package io.cellchat.domain.chat;

import io.cellchat.domain.error.ChatException;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Port: the read side of conversations, what a client needs to prove it missed nothing: the list with each
 * conversation's latest sequence number, the exact missing range, and older history. Every read checks membership.
 *
 * <ul>
 *   <li>Embedded: SQLite, the same database the write side commits to.</li>
 *   <li>Distributed: Cassandra tables written by the materializer.</li>
 * </ul>
 */
public interface ChatReader {

    int MAX_PAGE = 500;

    /** The user's conversations, most recently active first. */
    List<ConversationSummary> conversations(long userId);

    /**
     * The events after {@code afterSeq}, oldest first, at most {@code limit}; messages as they are now.
     *
     * @throws ChatException {@code CONVERSATION_NOT_FOUND}, also for a conversation the user is not a member of
     */
    SyncPage sync(long userId, ConversationId conversation, long afterSeq, int limit);

    /**
     * The events before {@code beforeSeq} ({@code 0}: from the latest), oldest first, at most {@code limit}.
     *
     * @throws ChatException {@code CONVERSATION_NOT_FOUND}, also for a conversation the user is not a member of
     */
    HistoryPage history(long userId, ConversationId conversation, long beforeSeq, int limit);

    /** The members of a conversation, empty if there is none. */
    Set<Long> memberIds(ConversationId conversation);

    /**
     * One conversation of a user's list.
     *
     * @param peerUserId the other member of a direct conversation, else 0
     * @param lastMessage the latest message as it is now, or {@code null}
     * @param self the user's own membership (role and receipts)
     */
    record ConversationSummary(ConversationId id, ConversationKind kind, String title, long lastSeq, int unread,
            int memberCount, long peerUserId, @Nullable ChatEvent lastMessage, Member self, Instant lastActivity) {}

    record SyncPage(ConversationId id, ConversationKind kind, String title, List<ChatEvent> events, long lastSeq,
            boolean hasMore, List<Member> members) {
        public SyncPage {
            events = List.copyOf(events);
            members = List.copyOf(members);
        }
    }

    record HistoryPage(ConversationId id, List<ChatEvent> events, boolean hasMore, long lastSeq) {
        public HistoryPage {
            events = List.copyOf(events);
        }
    }
}
