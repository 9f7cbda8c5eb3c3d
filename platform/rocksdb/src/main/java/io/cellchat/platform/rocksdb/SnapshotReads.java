package io.cellchat.platform.rocksdb;

import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.jspecify.annotations.Nullable;

/** Reads from one RocksDB snapshot: every read of a {@link RocksStore#read} call sees the same committed state. */
final class SnapshotReads implements Reads {

    private final RocksDB db;
    private final ReadOptions options;

    SnapshotReads(RocksDB db, ReadOptions options) {
        this.db = db;
        this.options = options;
    }

    @Override
    public byte @Nullable [] get(Table table, byte[] key) {
        try {
            return db.get(table.handle(), options, key);
        } catch (RocksDBException e) {
            throw new StoreException("read of " + table.name() + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void forward(Table table, byte[] from, byte[] to, Visitor visitor) {
        try (Slice upper = new Slice(to); ReadOptions bounded = bounded(null, upper);
                RocksIterator iterator = db.newIterator(table.handle(), bounded)) {
            IteratorReads.forward(iterator, from, to, visitor);
        }
    }

    @Override
    public void backward(Table table, byte[] from, byte[] to, Visitor visitor) {
        try (Slice lower = new Slice(from); Slice upper = new Slice(to); ReadOptions bounded = bounded(lower, upper);
                RocksIterator iterator = db.newIterator(table.handle(), bounded)) {
            IteratorReads.backward(iterator, from, to, visitor);
        }
    }

    private ReadOptions bounded(@Nullable Slice lower, Slice upper) {
        ReadOptions bounded = new ReadOptions(options);
        if (lower != null) {
            bounded.setIterateLowerBound(lower);
        }
        return bounded.setIterateUpperBound(upper);
    }
}
