package io.cellchat.platform.sqlite;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded database of the single process.
 *
 * @param file the database file (WAL files sit beside it)
 * @param readers connections for concurrent reads ({@code sqlite.readers}, default 4)
 * @param maxBatch most write units committed in one transaction ({@code sqlite.max-batch}, default 256)
 * @param maxQueued most write units waiting; beyond, writes are refused as unavailable ({@code sqlite.max-queued},
 *     default 10,000)
 * @param busyTimeout how long a connection waits for a lock held by another (5 s)
 */
public record SqliteSettings(Path file, int readers, int maxBatch, int maxQueued, Duration busyTimeout) {

    public SqliteSettings {
        requireNonNull(file, "file");
        requireNonNull(busyTimeout, "busyTimeout");
        if (readers < 1) {
            throw new IllegalArgumentException("sqlite.readers: " + readers + " (expected: >= 1)");
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("sqlite.max-batch: " + maxBatch + " (expected: >= 1)");
        }
        if (maxQueued < maxBatch) {
            throw new IllegalArgumentException(
                    "sqlite.max-queued: " + maxQueued + " (expected: >= sqlite.max-batch, " + maxBatch + ")");
        }
    }

    public static SqliteSettings defaults(Path file) {
        return new SqliteSettings(file, 4, 256, 10_000, Duration.ofSeconds(5));
    }
}
