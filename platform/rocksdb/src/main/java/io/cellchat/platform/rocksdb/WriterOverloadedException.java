package io.cellchat.platform.rocksdb;

/** The writer cannot take or commit work now (queue full, stopped, commit failed); retrying later may succeed. */
public final class WriterOverloadedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public WriterOverloadedException(String message) {
        super(message);
    }
}
