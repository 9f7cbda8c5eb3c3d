package io.cellchat.services.history.store.rocksdb;

import java.util.Arrays;

/**
 * The latest sequence numbers of direct conversations, keyed by their two user IDs, in flat arrays: a 4-way
 * set-associative table whose least recently used way is replaced. Caching such a conversation allocates nothing,
 * so the writer's cache does not hand the collector a new long-lived object for every message (on a workload that
 * opens a conversation per message, that churn made every young collection copy megabytes of cache entries).
 * Written and read by the writer thread only.
 */
final class DirectSeqs {

    private static final int WAYS = 4;

    private final long[] lows;
    private final long[] highs;
    private final long[] seqs;
    /** When each slot was last used; 0 marks an empty slot. */
    private final long[] used;
    private final int setMask;
    private long clock;
    private int size;

    /**
     * A table of at most {@code capacity} slots and at most 4,194,304 (128 MiB), allocated now: the largest power of
     * two that fits, or none below four (it then holds nothing).
     */
    DirectSeqs(long capacity) {
        int sets = Integer.highestOneBit(Math.clamp(capacity / WAYS, 0, 1 << 20));
        this.setMask = sets - 1;
        int slots = sets * WAYS;
        this.lows = new long[slots];
        this.highs = new long[slots];
        this.seqs = new long[slots];
        this.used = new long[slots];
    }

    /** The conversation's latest sequence number, or -1 if it is not here. */
    long get(long low, long high) {
        int slot = find(low, high);
        if (slot < 0) {
            return -1;
        }
        used[slot] = ++clock;
        return seqs[slot];
    }

    void put(long low, long high, long seq) {
        if (used.length == 0) {
            return;
        }
        int slot = find(low, high);
        if (slot < 0) {
            slot = victim(low, high);
            if (used[slot] == 0) {
                size++;
            }
            lows[slot] = low;
            highs[slot] = high;
        }
        seqs[slot] = seq;
        used[slot] = ++clock;
    }

    void remove(long low, long high) {
        int slot = find(low, high);
        if (slot >= 0) {
            used[slot] = 0;
            size--;
        }
    }

    void clear() {
        Arrays.fill(used, 0);
        size = 0;
    }

    int size() {
        return size;
    }

    int capacity() {
        return used.length;
    }

    private int find(long low, long high) {
        if (used.length == 0) {
            return -1;
        }
        int base = base(low, high);
        for (int slot = base; slot < base + WAYS; slot++) {
            if (used[slot] != 0 && lows[slot] == low && highs[slot] == high) {
                return slot;
            }
        }
        return -1;
    }

    /** An empty slot of the pair's set, or else its least recently used one. */
    private int victim(long low, long high) {
        int base = base(low, high);
        int oldest = base;
        for (int slot = base; slot < base + WAYS; slot++) {
            if (used[slot] < used[oldest]) {
                oldest = slot;
            }
        }
        return oldest;
    }

    private int base(long low, long high) {
        long h = (low * 0x9E3779B97F4A7C15L) ^ high;
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        return ((int) h & setMask) * WAYS;
    }
}
