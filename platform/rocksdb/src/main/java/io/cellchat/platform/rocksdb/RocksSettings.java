package io.cellchat.platform.rocksdb;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded log-structured store of the single process.
 *
 * @param folder the RocksDB folder (its WAL, SST files and manifest)
 * @param maxBatch most write units committed in one fsynced batch ({@code store.max-batch}, default 1,024)
 * @param maxQueued most write units waiting; beyond, writes are refused as unavailable ({@code store.max-queued},
 *     default 20,000)
 * @param blockCacheBytes off-heap cache of uncompressed blocks, shared by every table, the memtables charged to it
 *     ({@code store.block-cache}, default 512 MiB: with the memtables' 128, 384 for the blocks)
 * @param writeBufferBytes memtables of all tables together before they are flushed to SST files
 *     ({@code store.write-buffer}, default 128 MiB); it also bounds the WAL replayed at start-up
 * @param commitLinger how long the writer waits for more units before it writes a batch, while units keep coming
 *     (the batch before held more than one), so a busy store commits fewer, larger batches
 *     ({@code store.commit-linger}, default zero: never wait)
 * @param writerNice the CPU priority ("nice") of the writer thread and of the publisher, the two every write waits
 *     for
 *     ({@code store.writer-nice}, default {@value #DEFAULT_WRITER_NICE}; 0 leaves it at the nice of the thread that
 *     opened the store, as when the system refuses to raise it)
 */
public record RocksSettings(Path folder, int maxBatch, int maxQueued, long blockCacheBytes, long writeBufferBytes,
        Duration commitLinger, int writerNice) {

    /** The longest {@code store.commit-linger}: beyond it the wait costs more latency than it saves. */
    public static final Duration MAX_COMMIT_LINGER = Duration.ofMillis(50);

    /**
     * The writer's nice by default: with the two cores busy, a flush or compaction's burst otherwise took its fair
     * share from the one thread that needs most of a core, and its queue grew (docs/design/storage.md).
     */
    public static final int DEFAULT_WRITER_NICE = -5;

    public RocksSettings {
        requireNonNull(folder, "folder");
        requireNonNull(commitLinger, "commitLinger");
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
        if (commitLinger.isNegative() || commitLinger.compareTo(MAX_COMMIT_LINGER) > 0) {
            throw new IllegalArgumentException("store.commit-linger: " + commitLinger.toMillis()
                    + "ms (expected: 0ms to " + MAX_COMMIT_LINGER.toMillis() + "ms)");
        }
        if (writerNice < -20 || writerNice > 0) {
            throw new IllegalArgumentException("store.writer-nice: " + writerNice + " (expected: -20..0)");
        }
    }

    public static RocksSettings defaults(Path folder) {
        return new RocksSettings(folder, 1024, 20_000, 512L << 20, 128L << 20, Duration.ZERO, DEFAULT_WRITER_NICE);
    }
}
