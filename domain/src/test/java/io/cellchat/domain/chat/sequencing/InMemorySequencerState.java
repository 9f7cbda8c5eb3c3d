package io.cellchat.domain.chat.sequencing;

import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationState;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The rules' state in maps, as a key-value state store keeps it; a fake of the port for unit tests. */
final class InMemorySequencerState implements SequencerStateStore {

    private record MessageKey(ConversationId id, long seq) {}

    private record ReactionKey(ConversationId id, long seq, long userId) {}

    private record IdempotencyKey(long actor, String key) {}

    final Map<IdempotencyKey, IdempotencyRecord> keys = new HashMap<>();
    final Map<ConversationId, ConversationState> conversations = new HashMap<>();
    final Map<MessageKey, MessageState> messages = new HashMap<>();
    final Map<ReactionKey, Set<String>> reactions = new HashMap<>();

    @Override
    public Optional<IdempotencyRecord> idempotency(long actor, String key) {
        return Optional.ofNullable(keys.get(new IdempotencyKey(actor, key)));
    }

    @Override
    public Optional<ConversationState> conversation(ConversationId id) {
        return Optional.ofNullable(conversations.get(id));
    }

    @Override
    public Optional<MessageState> message(ConversationId id, long seq) {
        return Optional.ofNullable(messages.get(new MessageKey(id, seq)));
    }

    @Override
    public Set<String> reactions(ConversationId id, long seq, long userId) {
        return reactions.getOrDefault(new ReactionKey(id, seq, userId), Set.of());
    }

    @Override
    public void putIdempotency(IdempotencyRecord record) {
        keys.put(new IdempotencyKey(record.actor(), record.key()), record);
    }

    @Override
    public void putConversation(ConversationState state) {
        conversations.put(state.id(), state);
    }

    @Override
    public void putMessage(ConversationId id, long seq, MessageState message) {
        messages.put(new MessageKey(id, seq), message);
    }

    @Override
    public void putReactions(ConversationId id, long seq, long userId, Set<String> emojis) {
        if (emojis.isEmpty()) {
            reactions.remove(new ReactionKey(id, seq, userId));
        } else {
            reactions.put(new ReactionKey(id, seq, userId), Set.copyOf(emojis));
        }
    }
}
