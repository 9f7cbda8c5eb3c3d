package io.cellchat.platform.rocksdb;
import org.jspecify.annotations.Nullable;

/**
 * Reads of a {@link RocksStore}, from one point of view: a snapshot (readers) or the latest committed state plus the
 * batch being written (the writer's units). Keys compare as unsigned bytes, so big-endian numbers sort in order.
 */
public interface Reads {

    /** The value at {@code key}, or {@code null} if there is none. */
    byte @Nullable [] get(Table table, byte[] key);

    /**
     * Visits the entries with {@code from <= key < to} in ascending key order while the visitor returns true.
     */
    void forward(Table table, byte[] from, byte[] to, Visitor visitor);

    /**
     * Visits the entries with {@code from <= key < to} in descending key order while the visitor returns true.
     */
    void backward(Table table, byte[] from, byte[] to, Visitor visitor);

    /** Receives one entry; returns whether to go on. The arrays belong to the visitor. */
    @FunctionalInterface
    interface Visitor {
        boolean visit(byte[] key, byte[] value);
    }
}
