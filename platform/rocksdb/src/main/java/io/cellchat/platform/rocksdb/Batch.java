package io.cellchat.platform.rocksdb;

/**
 * What a write unit sees: reads of the latest committed state with the writes of this batch on top (its own and
 * those of the units before it), and the writes it adds. Nothing is visible to readers, nor durable, before the
 * whole batch is committed.
 */
public interface Batch extends Reads {

    void put(Table table, byte[] key, byte[] value);

    void delete(Table table, byte[] key);
}
