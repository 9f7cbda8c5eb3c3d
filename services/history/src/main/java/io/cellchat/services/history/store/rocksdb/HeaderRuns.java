package io.cellchat.services.history.store.rocksdb;

import io.cellchat.platform.rocksdb.Batch;
import io.cellchat.platform.rocksdb.RocksStore;
import io.cellchat.platform.rocksdb.Table;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which direct conversations' header rows the writer may take as current when its cache misses one, without looking
 * for an event after the row's last seq ({@link HeaderRows}): a lookup per miss, on the one writer thread, that a
 * store holding more conversations than the cache pays for most commands to them.
 *
 * <p>Each opening of the store is a run, numbered from 1, and every header row names the run that wrote it. During a
 * run, a direct conversation's row falls behind only while the writer's cache holds the conversation: the cache
 * writes the row again when it drops the conversation, and the store's close writes those it still holds. So a row
 * the cache does not hold is current, unless the run lost track of one (a batch that failed to commit, or a command
 * that failed after its rows were written: the cache is then cleared without writing them), or a run before it
 * stopped without its close (a {@code kill -9}) after it had let a row fall behind. Such a run makes every row
 * written up to its end suspect for good; a suspect row is checked as before, and a row written after it is current.
 *
 * <p>Kept in one row of the {@code meta} table: the run, the last run whose rows are suspect, and whether the run has
 * let no row fall behind yet. The row is written as the run starts (nothing behind), again in the batch of the run's
 * first command that lets a row fall behind, and again as the store closes (nothing behind, unless the run lost
 * track). A run stopped by {@code kill -9} before it let a row fall behind (the bench's restart, for one) leaves the
 * rows as trustworthy as it found them. Rows of versions that did not count runs are run 0, suspect from the start.
 *
 * <p>Used by the writer thread only, after {@link #start}.
 */
final class HeaderRuns {

    private static final Logger log = LoggerFactory.getLogger(HeaderRuns.class);
    private static final byte[] KEY = "header-runs".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;

    private @Nullable Table meta;
    private long run;
    private long suspectThrough;
    /** Whether the stored row may still say that this run let no row fall behind. */
    private boolean storedNoneBehind;
    private boolean lostTrack;

    /** Starts the next run: reads the stored row and writes this run's, fsynced, before any command is written. */
    void start(RocksStore rocks, Table meta) {
        Optional<byte[]> stored = rocks.read(reads -> Optional.ofNullable(reads.get(meta, KEY)));
        this.meta = meta;
        if (stored.isEmpty()) {
            run = 1;
            suspectThrough = 0;
        } else {
            Bytes.Reader in = new Bytes.Reader(stored.get());
            int version = in.u8();
            if (version != VERSION) {
                throw new IllegalStateException("header runs: version " + version + " (expected: " + VERSION + ")");
            }
            long previous = in.varint();
            long previousSuspect = in.varint();
            boolean previousLeftNoneBehind = in.u8() == 1;
            run = previous + 1;
            suspectThrough = previousLeftNoneBehind ? previousSuspect : previous;
        }
        rocks.writer().submit(batch -> {
            store(batch, true);
            return null;
        }, ignored -> { }).join();
    }

    long run() {
        return run;
    }

    long suspectThrough() {
        return suspectThrough;
    }

    /** Whether a direct conversation's row, read when the writer's cache did not hold the conversation, is current. */
    boolean current(Rows.Header header) {
        return !lostTrack && header.run() > suspectThrough;
    }

    /** Called for a command that appends to a direct conversation without writing its row: the row falls behind. */
    void fallingBehind(Batch batch) {
        if (storedNoneBehind) {
            store(batch, false);
        }
    }

    /**
     * The writer dropped its cache without writing the rows it held behind (a failed commit, a failed command), or
     * could not write one: no row is taken as current for the rest of the run, and the stored row, which the rolled
     * back batch may have meant to change, is written again at the next command that lets a row fall behind and at the
     * close (both saying rows are behind).
     */
    void loseTrack() {
        if (!lostTrack) {
            log.warn("store run {}: the writer dropped its cache without writing the header rows it held; until the"
                    + " next start it checks every direct conversation's row for a later event", run);
        }
        lostTrack = true;
        storedNoneBehind = true;
    }

    /** Writes the run's end into the store's last batch, after the rows of the conversations the cache held. */
    void close(Batch batch) {
        store(batch, !lostTrack);
    }

    private void store(Batch batch, boolean noneBehind) {
        batch.put(Objects.requireNonNull(meta, "started"), KEY, new Bytes.Writer(24).u8(VERSION).varint(run)
                .varint(suspectThrough).u8(noneBehind ? 1 : 0).bytes());
        storedNoneBehind = noneBehind;
    }
}
