package io.cellchat.platform.rocksdb;

import static java.util.Objects.requireNonNull;

/**
 * A column family {@link RocksStore#open} creates, and how its memtable takes inserts.
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
 */
public record TableSpec(String name, int insertHintPrefix, boolean pointReads) {

    public TableSpec {
        requireNonNull(name, "name");
        if (insertHintPrefix < 0) {
            throw new IllegalArgumentException("insertHintPrefix: " + insertHintPrefix + " (expected: >= 0)");
        }
    }

    /** A table read by point lookups. */
    public TableSpec(String name, int insertHintPrefix) {
        this(name, insertHintPrefix, true);
    }

    /** A table read by point lookups, whose inserts take no hint. */
    public static TableSpec of(String name) {
        return new TableSpec(name, 0);
    }
}
