package io.cellchat.backplane;

import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.partition.PartitionHash;
import java.nio.charset.StandardCharsets;

/**
 * The record keys of the backplane. Commands and events are keyed by conversation (UTF-8), so a conversation stays
 * in one partition, in order; deliveries by the recipient's user ID as 8 bytes big-endian, so Kafka's default
 * partitioner puts them on the user's partition as docs/design/ids.md defines it.
 */
public final class Keys {

    private Keys() {}

    public static byte[] conversation(ConversationId id) {
        return id.value().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] user(long userId) {
        return PartitionHash.key(userId);
    }
}
