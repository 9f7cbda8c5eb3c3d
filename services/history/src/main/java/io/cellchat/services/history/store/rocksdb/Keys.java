package io.cellchat.services.history.store.rocksdb;

import io.cellchat.domain.chat.ConversationId;
import java.nio.charset.StandardCharsets;

/**
 * The keys of every table (layout in {@code package-info.java}). A conversation ID is written as one length byte
 * and its ASCII form, so all keys of one conversation share a prefix; numbers that order keys (sequence numbers, user
 * IDs) are big-endian 8-byte values, so byte order is numeric order.
 */
final class Keys {

    private Keys() {}

    static byte[] conversation(ConversationId id) {
        byte[] ascii = id.value().getBytes(StandardCharsets.US_ASCII);
        return new Bytes.Writer(ascii.length + 1).u8(ascii.length).raw(ascii).bytes();
    }

    static ConversationId conversationAt(byte[] key, int offset) {
        int length = key[offset] & 0xFF;
        return new ConversationId(new String(key, offset + 1, length, StandardCharsets.US_ASCII));
    }

    /** {@code members}: conversation, user. */
    static byte[] member(ConversationId id, long userId) {
        return new Bytes.Writer(32).raw(conversation(id)).fixed64(userId).bytes();
    }

    static long memberUser(byte[] key) {
        return new Bytes.Reader(key, key.length - 8).fixed64();
    }

    /** {@code user_conversations}: user, conversation. */
    static byte[] userConversation(long userId, ConversationId id) {
        return new Bytes.Writer(32).fixed64(userId).raw(conversation(id)).bytes();
    }

    static byte[] user(long userId) {
        return new Bytes.Writer(8).fixed64(userId).bytes();
    }

    /** {@code events}: conversation, sequence number. */
    static byte[] event(ConversationId id, long seq) {
        return new Bytes.Writer(32).raw(conversation(id)).fixed64(seq).bytes();
    }

    static long eventSeq(byte[] key) {
        return new Bytes.Reader(key, key.length - 8).fixed64();
    }

    /** {@code reactions}: conversation, message sequence number, user, emoji. */
    static byte[] reaction(ConversationId id, long seq, long userId, String emoji) {
        return new Bytes.Writer(48).raw(reactions(id, seq, userId)).raw(emoji.getBytes(StandardCharsets.UTF_8))
                .bytes();
    }

    static byte[] reactions(ConversationId id, long seq) {
        return new Bytes.Writer(40).raw(conversation(id)).fixed64(seq).bytes();
    }

    static byte[] reactions(ConversationId id, long seq, long userId) {
        return new Bytes.Writer(40).raw(reactions(id, seq)).fixed64(userId).bytes();
    }

    /** The parts of a reaction key after the conversation prefix of {@code prefixLength} bytes. */
    record ReactionKey(long seq, long userId, String emoji) {}

    static ReactionKey reactionAt(byte[] key, int prefixLength) {
        Bytes.Reader reader = new Bytes.Reader(key, prefixLength);
        return new ReactionKey(reader.fixed64(), reader.fixed64(), reader.restAsString());
    }

    /** {@code idempotency}: user, key. */
    static byte[] idempotency(long userId, String key) {
        return new Bytes.Writer(80).fixed64(userId).raw(key.getBytes(StandardCharsets.UTF_8)).bytes();
    }
}
