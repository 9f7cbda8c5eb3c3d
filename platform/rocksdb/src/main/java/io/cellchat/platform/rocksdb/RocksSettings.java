package io.cellchat.platform.rocksdb;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * The embedded log-structured store of the single process.
 *
 * @param folder the RocksDB folder (its WAL, SST files and manifest)
 * @param maxBatch most write units committed in one fsynced batch ({@code store.max-batch}, default 1,024)
 * @param maxQueued most write units waiting; beyond, writes are refused as unavailable ({@code store.max-queued},
 *     default 20,000)
 * @param blockCacheBytes off-heap cache of uncompressed blocks, shared by every table ({@code store.block-cache},
 *     default 128 MiB)
 * @param writeBufferBytes memtables of all tables together before they are flushed to SST files
 *     ({@code store.write-buffer}, default 128 MiB); it also bounds the WAL replayed at start-up
 */
public record RocksSettings(Path folder, int maxBatch, int maxQueued, long blockCacheBytes, long writeBufferBytes) {

    public RocksSettings {
        requireNonNull(folder, "folder");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("store.max-batch: " + maxBatch + " (expected: >= 1)");
        }
        if (maxQueued < maxBatch) {
            throw new IllegalArgumentException(
                    "store.max-queued: " + maxQueued + " (expected: >= store.max-batch, " + maxBatch + ")");
        }
        if (blockCacheBytes < 1 << 20) {
            throw new IllegalArgumentException("store.block-cache: " + blockCacheBytes + " bytes (expected: >= 1 MiB)");
        }
        if (writeBufferBytes < 4 << 20) {
            throw new IllegalArgumentException(
                    "store.write-buffer: " + writeBufferBytes + " bytes (expected: >= 4 MiB)");
        }
    }

    public static RocksSettings defaults(Path folder) {
        return new RocksSettings(folder, 1024, 20_000, 128L << 20, 128L << 20);
    }
}
