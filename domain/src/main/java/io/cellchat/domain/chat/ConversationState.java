package io.cellchat.domain.chat;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * What {@link ChatRules} needs to know about a conversation to decide a command: its members and roles, and the
 * latest sequence number. The embedded store reads it from SQLite inside the write transaction; the distributed
 * sequencer keeps it in its state store.
 */
public record ConversationState(ConversationId id, ConversationKind kind, String title, long lastSeq,
        Map<Long, Member> members) {

    public ConversationState {
        requireNonNull(id, "id");
        requireNonNull(kind, "kind");
        requireNonNull(title, "title");
        members = Map.copyOf(members);
    }

    public Optional<Member> member(long userId) {
        return Optional.ofNullable(members.get(userId));
    }

    public boolean isGroup() {
        return kind == ConversationKind.GROUP;
    }
}
