package io.cellchat.domain.partition;

/**
 * Maps a user to one of a cell's partitions: the same function in every language and in Kafka.
 *
 * <p>The key is the user ID as 8 bytes, big-endian. The hash is MurmurHash2 (32-bit, seed {@code 0x9747b28c}),
 * exactly as Kafka's default partitioner computes it ({@code Utils.murmur2}); the partition is
 * {@code (hash & 0x7fffffff) % partitionCount}. So a record on {@code chat.deliveries} keyed by the user ID lands on
 * the partition this class names, with no custom partitioner. Test vectors are in {@code docs/design/ids.md}.
 */
public final class PartitionHash {

    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private PartitionHash() {}

    /** The partition of {@code userId} among {@code partitionCount} partitions. */
    public static int partitionOf(long userId, int partitionCount) {
        if (partitionCount < 1) {
            throw new IllegalArgumentException("partitionCount: " + partitionCount + " (expected: >= 1)");
        }
        return (murmur2(key(userId)) & 0x7fffffff) % partitionCount;
    }

    /** The record key of a user: its ID as 8 bytes, big-endian. */
    public static byte[] key(long userId) {
        byte[] key = new byte[8];
        for (int i = 7; i >= 0; i--) {
            key[i] = (byte) userId;
            userId >>>= 8;
        }
        return key;
    }

    /** MurmurHash2, 32-bit, as in Kafka's {@code org.apache.kafka.common.utils.Utils.murmur2}. */
    @SuppressWarnings("fallthrough")
    public static int murmur2(byte[] data) {
        int length = data.length;
        int h = SEED ^ length;
        int length4 = length >>> 2;
        for (int i = 0; i < length4; i++) {
            int i4 = i << 2;
            int k = (data[i4] & 0xff)
                    | (data[i4 + 1] & 0xff) << 8
                    | (data[i4 + 2] & 0xff) << 16
                    | (data[i4 + 3] & 0xff) << 24;
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        int tail = length4 << 2;
        switch (length - tail) {
            case 3:
                h ^= (data[tail + 2] & 0xff) << 16;
            // fall through
            case 2:
                h ^= (data[tail + 1] & 0xff) << 8;
            // fall through
            case 1:
                h ^= data[tail] & 0xff;
                h *= M;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }
}
