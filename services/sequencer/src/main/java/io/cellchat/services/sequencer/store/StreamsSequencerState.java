package io.cellchat.services.sequencer.store;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cellchat.backplane.EventCodec;
import io.cellchat.contracts.backplane.v1.ConversationStateValue;
import io.cellchat.contracts.backplane.v1.IdempotencyValue;
import io.cellchat.contracts.backplane.v1.MessageStateValue;
import io.cellchat.contracts.backplane.v1.ReactionsValue;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationState;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.sequencing.IdempotencyRecord;
import io.cellchat.domain.chat.sequencing.MessageState;
import io.cellchat.domain.chat.sequencing.SequencerStateStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The domain's {@link SequencerStateStore} on a Kafka Streams key-value store (RocksDB, with a changelog topic that
 * the store's writes join in the task's transaction). Values are the protobuf messages of
 * {@code cellchat/backplane/v1/sequencer_state.proto}; keys are {@link StateKeys}.
 *
 * <p>One instance serves one command: idempotency keys are looked up in the command's conversation. The single
 * process scopes a key to its user alone; a sequencer partitioned by conversation can only see the keys used in the
 * conversations it owns, so the cell scopes them to (user, conversation) to be deterministic: a key reused in another
 * conversation is a new request there (docs/design/cell.md, "Idempotency keys").
 */
public final class StreamsSequencerState implements SequencerStateStore {

    private final KeyValueStore<Bytes, byte[]> store;
    private final ConversationId scope;

    public StreamsSequencerState(KeyValueStore<Bytes, byte[]> store, ConversationId scope) {
        this.store = requireNonNull(store, "store");
        this.scope = requireNonNull(scope, "scope");
    }

    @Override
    public Optional<IdempotencyRecord> idempotency(long actor, String key) {
        byte[] value = store.get(StateKeys.idempotency(scope, actor, key));
        if (value == null) {
            return Optional.empty();
        }
        IdempotencyValue record = parse(() -> IdempotencyValue.parseFrom(value));
        return Optional.of(new IdempotencyRecord(actor, key, record.getFingerprint(), scope, record.getSeq(),
                record.getMessageId(), Instant.ofEpochMilli(record.getAtMs())));
    }

    @Override
    public Optional<ConversationState> conversation(ConversationId id) {
        byte[] value = store.get(StateKeys.conversation(id));
        if (value == null) {
            return Optional.empty();
        }
        ConversationStateValue state = parse(() -> ConversationStateValue.parseFrom(value));
        Map<Long, Member> members = new HashMap<>();
        for (var member : state.getMembersList()) {
            members.put(member.getUserId(), EventCodec.member(member));
        }
        return Optional.of(new ConversationState(id, EventCodec.kind(state.getKind()), state.getTitle(),
                state.getLastSeq(), members));
    }

    @Override
    public Optional<MessageState> message(ConversationId id, long seq) {
        byte[] value = store.get(StateKeys.message(id, seq));
        if (value == null) {
            return Optional.empty();
        }
        MessageStateValue message = parse(() -> MessageStateValue.parseFrom(value));
        return Optional.of(new MessageState(message.getSender(), message.getDeleted(), message.getText()));
    }

    @Override
    public Set<String> reactions(ConversationId id, long seq, long userId) {
        byte[] value = store.get(StateKeys.reactions(id, seq, userId));
        return value == null ? Set.of() : Set.copyOf(parse(() -> ReactionsValue.parseFrom(value)).getEmojisList());
    }

    @Override
    public void putIdempotency(IdempotencyRecord record) {
        store.put(StateKeys.idempotency(record.conversation(), record.actor(), record.key()),
                IdempotencyValue.newBuilder()
                        .setFingerprint(record.fingerprint())
                        .setSeq(record.seq())
                        .setMessageId(record.messageId())
                        .setAtMs(record.at().toEpochMilli())
                        .build().toByteArray());
    }

    @Override
    public void putConversation(ConversationState state) {
        ConversationStateValue.Builder value = ConversationStateValue.newBuilder()
                .setKind(EventCodec.kind(state.kind()))
                .setTitle(state.title())
                .setLastSeq(state.lastSeq());
        state.members().values().stream()
                .sorted(java.util.Comparator.comparingLong(Member::userId))
                .forEach(member -> value.addMembers(EventCodec.member(member)));
        store.put(StateKeys.conversation(state.id()), value.build().toByteArray());
    }

    @Override
    public void putMessage(ConversationId id, long seq, MessageState message) {
        store.put(StateKeys.message(id, seq), MessageStateValue.newBuilder()
                .setSender(message.sender())
                .setDeleted(message.deleted())
                .setText(message.text())
                .build().toByteArray());
    }

    @Override
    public void putReactions(ConversationId id, long seq, long userId, Set<String> emojis) {
        Bytes key = StateKeys.reactions(id, seq, userId);
        if (emojis.isEmpty()) {
            store.delete(key);
        } else {
            store.put(key, ReactionsValue.newBuilder().addAllEmojis(emojis.stream().sorted().toList())
                    .build().toByteArray());
        }
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse() throws InvalidProtocolBufferException;
    }

    private static <T> T parse(Parser<T> parser) {
        try {
            return parser.parse();
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("sequencer state does not decode: " + e.getMessage(), e);
        }
    }
}
