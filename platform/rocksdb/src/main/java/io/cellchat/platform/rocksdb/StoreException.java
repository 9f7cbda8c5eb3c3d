package io.cellchat.platform.rocksdb;

/** RocksDB failed a read or a write (I/O error, corruption): not the caller's fault, not retriable at once. */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
