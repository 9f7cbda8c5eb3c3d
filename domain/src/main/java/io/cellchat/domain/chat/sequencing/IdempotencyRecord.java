package io.cellchat.domain.chat.sequencing;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.chat.ChatLog.Appended;
import io.cellchat.domain.chat.ConversationId;
import java.time.Instant;

/**
 * The first result of a command that carried an idempotency key, kept so that a retry with the same key and the same
 * content gets that result again, and the same key with other content is refused. Keys are scoped to the user.
 *
 * @param actor the user whose key it is
 * @param key the client-chosen key
 * @param fingerprint the digest of the first command's content
 * @param conversation where it was appended
 * @param seq the sequence number of its (last) event
 * @param messageId the ID of the message it posted, 0 if none
 * @param at when it was appended
 */
public record IdempotencyRecord(long actor, String key, String fingerprint, ConversationId conversation, long seq,
        long messageId, Instant at) {

    public IdempotencyRecord {
        requireNonNull(key, "key");
        requireNonNull(fingerprint, "fingerprint");
        requireNonNull(conversation, "conversation");
        requireNonNull(at, "at");
    }

    /** The result a retry gets. */
    public Appended appended() {
        return new Appended(conversation, seq, messageId);
    }
}
