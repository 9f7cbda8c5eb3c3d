package io.cellchat.domain.chat.sequencing;

import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationState;
import java.util.Set;

/**
 * A {@link SequencerState} that keeps exactly the rules' state as values, one per key, so that
 * {@link RulesProjection#save} can write a command's effect on it: the Kafka sequencer's key-value state stores, or
 * a map in tests. A store whose own read model already holds that state (the single process's embedded store) does
 * not need it.
 */
public interface SequencerStateStore extends SequencerState {

    void putIdempotency(IdempotencyRecord record);

    void putConversation(ConversationState state);

    void putMessage(ConversationId id, long seq, MessageState message);

    /** Replaces the user's emojis on the message at {@code seq}; an empty set removes the entry. */
    void putReactions(ConversationId id, long seq, long userId, Set<String> emojis);
}
