package io.cellchat.platform.rocksdb;

import static java.util.Objects.requireNonNull;

/**
 * A column family {@link RocksStore#open} creates: how its memtable takes inserts, whether its files carry Bloom
 * filters, and how its files are compacted.
 *
 * @param name the column family's name
 * @param insertHintPrefix when above 0, the number of leading key bytes that group the keys written near each other
 *     (a user, a conversation): the memtable keeps where it last inserted into each group and starts the next
 *     insert of that group there (RocksDB's {@code memtable_insert_with_hint_prefix_extractor}) instead of descending
 *     its whole skip list. Memory and CPU only: the keys, the files and every read are the same. A key shorter than
 *     the prefix is inserted the plain way.
 * @param pointReads whether keys are looked up one by one; a table read only by range scans (a user's conversation
 *     index, a message's reactions) gets no Bloom filters, in its files or its memtables, which only point lookups
 *     use and which cost CPU in every insert, flush and compaction
 * @param compaction how flushed files are merged
 */
public record TableSpec(String name, int insertHintPrefix, boolean pointReads, Compaction compaction) {

    /** How a table's flushed files are merged into fewer, larger ones. */
    public enum Compaction {
        /**
         * Leveled, with dynamic level sizes (the default): each level about ten times the one above, a level's files
         * merged into the overlapping files of the next; few sorted runs for a lookup to try.
         */
        LEVELED,
        /**
         * Universal (tiered): from the newest, sorted runs are merged while the next one is no larger than those
         * before it together, and the oldest, largest one is rewritten only once the newer ones hold twice its bytes.
         * For a small table whose new keys land all over its key range: each flushed file of such a table overlaps
         * all of it, so every leveled compaction from level 0 rewrites the whole table, at a cost per flush that
         * grows with the history stored (docs/design/storage.md, "Compaction").
         */
        UNIVERSAL
    }

    public TableSpec {
        requireNonNull(name, "name");
        requireNonNull(compaction, "compaction");
        if (insertHintPrefix < 0) {
            throw new IllegalArgumentException("insertHintPrefix: " + insertHintPrefix + " (expected: >= 0)");
        }
    }

    /** A table compacted by levels. */
    public TableSpec(String name, int insertHintPrefix, boolean pointReads) {
        this(name, insertHintPrefix, pointReads, Compaction.LEVELED);
    }

    /** A table read by point lookups, compacted by levels. */
    public TableSpec(String name, int insertHintPrefix) {
        this(name, insertHintPrefix, true);
    }

    /** This table, compacted the universal way ({@link Compaction#UNIVERSAL}). */
    public TableSpec universal() {
        return new TableSpec(name, insertHintPrefix, pointReads, Compaction.UNIVERSAL);
    }

    /** A table read by point lookups, whose inserts take no hint, compacted by levels. */
    public static TableSpec of(String name) {
        return new TableSpec(name, 0);
    }
}
