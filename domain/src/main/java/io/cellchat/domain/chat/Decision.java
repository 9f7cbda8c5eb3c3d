package io.cellchat.domain.chat;

import io.cellchat.domain.error.ChatException;

import java.util.List;

/** What a command does, as decided by {@link ChatRules}; refusals are thrown as {@link ChatException}. */
public sealed interface Decision {

    /** Append these events, in order, taking the next sequence numbers. */
    record Append(List<EventBody> events) implements Decision {
        public Append {
            events = List.copyOf(events);
            if (events.isEmpty()) {
                throw new IllegalArgumentException("events: empty (expected: at least one; use NoChange)");
            }
        }
    }

    /** Move the actor's receipt marks to this member state. */
    record MoveReceipts(Member member) implements Decision {}

    /** Accepted, and nothing changes (a reaction already there, a message already deleted). */
    record NoChange() implements Decision {}
}
