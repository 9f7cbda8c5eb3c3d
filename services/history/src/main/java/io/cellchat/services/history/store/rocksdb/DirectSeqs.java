package io.cellchat.services.history.store.rocksdb;

import java.util.Arrays;

/**
 * The latest sequence numbers of direct conversations, with when their last events were appended, keyed by their
 * two user IDs, in flat arrays: a 4-way set-associative table whose least recently used way is replaced. Caching
 * such a conversation allocates nothing, so the writer's cache does not hand the collector a new long-lived object
 * for every message (on a workload that opens a conversation per message, that churn made every young collection
 * copy megabytes of cache entries). Written and read by the writer thread only.
 *
 * <p>A conversation the table replaces past its first event, and at {@link #forEachAhead} every one held past it, is
 * handed to a {@link Leaving}: its header row was written when it was created ({@link HeaderRows}) and is behind,
 * and writing it again makes it current, which the writer then relies on ({@link HeaderRuns}). One held at its first
 * event has the row its creation wrote.
 */
final class DirectSeqs {

    private static final int WAYS = 4;
    private static final long UNKNOWN = -1;

    /**
     * Receives a conversation whose header row may be behind it (one the cache stops holding, or, when the store
     * closes, one it holds), with its last seq and its last event's time (epoch millis, or {@code -1} if the cache
     * does not know it).
     */
    @FunctionalInterface
    interface Leaving {
        void left(long low, long high, long seq, long atMillis);
    }

    private final long[] lows;
    private final long[] highs;
    private final long[] seqs;
    private final long[] ats;
    /** When each slot was last used; 0 marks an empty slot. */
    private final long[] used;
    private final int setMask;
    private long clock;
    private int size;

    /**
     * A table of at most {@code capacity} slots and at most 4,194,304 (160 MiB), allocated now: the largest power of
     * two that fits, or none below four (it then holds nothing).
     */
    DirectSeqs(long capacity) {
        int sets = Integer.highestOneBit(Math.clamp(capacity / WAYS, 0, 1 << 20));
        this.setMask = sets - 1;
        int slots = sets * WAYS;
        this.lows = new long[slots];
        this.highs = new long[slots];
        this.seqs = new long[slots];
        this.ats = new long[slots];
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

    /**
     * Holds the conversation's latest sequence number.
     *
     * @param atMillis when its last event was appended, or {@code -1} if unknown (a time held for the same seq is
     *     kept)
     * @param leaving receives the conversation this one replaces
     */
    void put(long low, long high, long seq, long atMillis, Leaving leaving) {
        if (used.length == 0) {
            return;
        }
        int slot = find(low, high);
        if (slot < 0) {
            slot = victim(low, high);
            if (used[slot] == 0) {
                size++;
            } else {
                leave(slot, leaving);
            }
            lows[slot] = low;
            highs[slot] = high;
            ats[slot] = UNKNOWN;
        }
        if (atMillis != UNKNOWN || seqs[slot] != seq) {
            ats[slot] = atMillis;
        }
        seqs[slot] = seq;
        used[slot] = ++clock;
    }

    /** Stops holding the conversation without handing it on: the cache keeps it elsewhere. */
    void remove(long low, long high) {
        int slot = find(low, high);
        if (slot >= 0) {
            used[slot] = 0;
            size--;
        }
    }

    /** Hands every conversation held past its first event to {@code leaving}, and keeps them. */
    void forEachAhead(Leaving leaving) {
        for (int slot = 0; slot < used.length; slot++) {
            if (used[slot] != 0) {
                leave(slot, leaving);
            }
        }
    }

    private void leave(int slot, Leaving leaving) {
        if (seqs[slot] > 1) {
            leaving.left(lows[slot], highs[slot], seqs[slot], ats[slot]);
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
