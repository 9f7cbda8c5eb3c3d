package io.cellchat.domain.chat.sequencing;

import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationState;
import java.util.Optional;
import java.util.Set;

/**
 * Port: the state a {@link Sequencer} reads to decide and number one command. Exactly what {@link
 * io.cellchat.domain.chat.ChatRules} need and no more: idempotency records, each conversation's members, roles,
 * receipt marks and latest sequence number, each message's sender, tombstone and text, and each user's reactions to
 * a message.
 *
 * <p>An implementation must show the effect of every command sequenced before, including those of the batch being
 * written that are not durable yet: the sequencer numbers a command from the {@code lastSeq} it reads here. How that
 * state is written is the implementation's business: the embedded stores project the events into their read model
 * (which already holds this state), a store that keeps only this state applies {@link RulesProjection#save}.
 *
 * <ul>
 *   <li>Embedded: the single process's store, read inside its write batch.</li>
 *   <li>Distributed: the Kafka sequencer's state stores.</li>
 * </ul>
 */
public interface SequencerState {

    /** The first result of this user's key, if the key was used before. */
    Optional<IdempotencyRecord> idempotency(long actor, String key);

    /** The conversation, if it exists (a direct conversation exists from its first message on). */
    Optional<ConversationState> conversation(ConversationId id);

    /** The message at {@code seq}, if there is one there (another kind of event, or no event, reads as empty). */
    Optional<MessageState> message(ConversationId id, long seq);

    /** The emojis {@code userId} put on the message at {@code seq}; empty if none. */
    Set<String> reactions(ConversationId id, long seq, long userId);
}
