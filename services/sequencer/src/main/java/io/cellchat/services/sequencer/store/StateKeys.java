package io.cellchat.services.sequencer.store;

import io.cellchat.domain.chat.ConversationId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Bytes;

/**
 * Keys of the sequencer's state store: a one-byte kind, then the conversation ID (length-prefixed), then the rest.
 * Every key starts with the conversation, so all of a conversation's state sits in the one task that owns its
 * partition of {@code chat.commands}.
 *
 * <ul>
 *   <li>{@code c | conversation}: the conversation (members, roles, receipt marks, latest seq, title)</li>
 *   <li>{@code m | conversation | seq}: a posted message (sender, tombstone, text)</li>
 *   <li>{@code r | conversation | seq | user}: the user's emojis on a message</li>
 *   <li>{@code i | conversation | user | key}: the first result of an idempotency key</li>
 * </ul>
 */
final class StateKeys {

    private StateKeys() {}

    static Bytes conversation(ConversationId id) {
        return start('c', id, 0).build();
    }

    static Bytes message(ConversationId id, long seq) {
        return start('m', id, 8).putLong(seq).build();
    }

    static Bytes reactions(ConversationId id, long seq, long user) {
        return start('r', id, 16).putLong(seq).putLong(user).build();
    }

    static Bytes idempotency(ConversationId id, long user, String key) {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        return start('i', id, 8 + keyBytes.length).putLong(user).put(keyBytes).build();
    }

    private static Builder start(char kind, ConversationId id, int rest) {
        byte[] conversation = id.value().getBytes(StandardCharsets.UTF_8);
        ByteBuffer buffer = ByteBuffer.allocate(1 + 2 + conversation.length + rest);
        buffer.put((byte) kind).putShort((short) conversation.length).put(conversation);
        return new Builder(buffer);
    }

    private record Builder(ByteBuffer buffer) {
        Builder putLong(long value) {
            buffer.putLong(value);
            return this;
        }

        Builder put(byte[] bytes) {
            buffer.put(bytes);
            return this;
        }

        Bytes build() {
            return Bytes.wrap(buffer.array());
        }
    }
}
