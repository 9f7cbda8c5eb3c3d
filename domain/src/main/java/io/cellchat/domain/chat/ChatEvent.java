package io.cellchat.domain.chat;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One entry of a conversation's sequence: numbered 1, 2, 3, ... with no gap, so a client that holds 1..N of a
 * conversation whose latest is N provably has everything.
 *
 * @param seq position in the conversation's sequence
 * @param eventId snowflake ID; for a message, the message ID
 * @param actor the user who caused it
 */
public record ChatEvent(ConversationId conversation, long seq, long eventId, long actor, Instant at, EventBody body) {

    public ChatEvent {
        requireNonNull(conversation, "conversation");
        requireNonNull(at, "at");
        requireNonNull(body, "body");
        if (seq < 1) {
            throw new IllegalArgumentException("seq: " + seq + " (expected: >= 1)");
        }
    }
}
