package io.cellchat.platform.rocksdb;

import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WriteBatchWithIndex;
import org.jspecify.annotations.Nullable;

/**
 * The writer's view: the latest committed state with the batch being built on top (RocksDB's indexed write batch),
 * so a unit sees the writes of the units before it in the same batch.
 */
final class BatchReads implements Batch {

    private final RocksDB db;
    private final WriteBatchWithIndex batch;
    private final ReadOptions latest = new ReadOptions();

    BatchReads(RocksDB db, WriteBatchWithIndex batch) {
        this.db = db;
        this.batch = batch;
    }

    @Override
    public byte @Nullable [] get(Table table, byte[] key) {
        try {
            return batch.getFromBatchAndDB(db, table.handle(), latest, key);
        } catch (RocksDBException e) {
            throw new StoreException("read of " + table.name() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void forward(Table table, byte[] from, byte[] to, Visitor visitor) {
        try (Slice upper = new Slice(to); ReadOptions bounded = new ReadOptions().setIterateUpperBound(upper);
                RocksIterator base = db.newIterator(table.handle(), bounded);
                RocksIterator iterator = batch.newIteratorWithBase(table.handle(), base, bounded)) {
            IteratorReads.forward(iterator, from, to, visitor);
        }
    }

    @Override
    public void backward(Table table, byte[] from, byte[] to, Visitor visitor) {
        try (Slice lower = new Slice(from); Slice upper = new Slice(to);
                ReadOptions bounded = new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper);
                RocksIterator base = db.newIterator(table.handle(), bounded);
                RocksIterator iterator = batch.newIteratorWithBase(table.handle(), base, bounded)) {
            IteratorReads.backward(iterator, from, to, visitor);
        }
    }

    @Override
    public void put(Table table, byte[] key, byte[] value) {
        try {
            batch.put(table.handle(), key, value);
        } catch (RocksDBException e) {
            throw new StoreException("write to " + table.name() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(Table table, byte[] key) {
        try {
            batch.delete(table.handle(), key);
        } catch (RocksDBException e) {
            throw new StoreException("delete in " + table.name() + " failed: " + e.getMessage(), e);
        }
    }

    void close() {
        latest.close();
    }
}
