package io.cellchat.platform.rocksdb;

import java.util.Arrays;
import org.rocksdb.RocksIterator;

/** Range visits over a RocksDB iterator, shared by snapshot and batch reads; bounds are checked here. */
final class IteratorReads {

    private IteratorReads() {}

    static void forward(RocksIterator iterator, byte[] from, byte[] to, Reads.Visitor visitor) {
        for (iterator.seek(from); iterator.isValid(); iterator.next()) {
            byte[] key = iterator.key();
            if (Arrays.compareUnsigned(key, to) >= 0 || !visitor.visit(key, iterator.value())) {
                return;
            }
        }
    }

    static void backward(RocksIterator iterator, byte[] from, byte[] to, Reads.Visitor visitor) {
        iterator.seekForPrev(to);
        if (iterator.isValid() && Arrays.equals(iterator.key(), to)) {
            iterator.prev();
        }
        for (; iterator.isValid(); iterator.prev()) {
            byte[] key = iterator.key();
            if (Arrays.compareUnsigned(key, from) < 0 || !visitor.visit(key, iterator.value())) {
                return;
            }
        }
    }
}
