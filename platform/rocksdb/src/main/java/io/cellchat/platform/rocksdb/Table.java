package io.cellchat.platform.rocksdb;

import static java.util.Objects.requireNonNull;

import org.rocksdb.ColumnFamilyHandle;

/** One column family of a {@link RocksStore}: a sorted map of byte keys to byte values with its own files. */
public record Table(String name, ColumnFamilyHandle handle) {

    public Table {
        requireNonNull(name, "name");
        requireNonNull(handle, "handle");
    }
}
