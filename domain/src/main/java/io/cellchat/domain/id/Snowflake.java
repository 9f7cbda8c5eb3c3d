package io.cellchat.domain.id;

import java.time.Instant;

/**
 * The layout of a Cellchat ID: a positive 64-bit integer that sorts by creation time.
 *
 * <pre>
 *  63  62                                  22 21   18 17       10 9          0
 * +---+--------------------------------------+-------+-----------+------------+
 * | 0 | milliseconds since 2026-01-01T00:00Z | cell  |  worker   |  sequence  |
 * |   |              41 bits                 | 4 bits|  8 bits   |  10 bits   |
 * +---+--------------------------------------+-------+-----------+------------+
 * </pre>
 *
 * <ul>
 *   <li>41 bits of milliseconds last until 2095.</li>
 *   <li>The cell (0..15) says which cell minted the ID, so a user's home cell can be read from the user ID
 *       without a lookup. The single-process default is cell 0.</li>
 *   <li>The worker (0..255) is unique within a cell at any moment: fixed in the single process, leased with a TTL in
 *       the distributed cell.</li>
 *   <li>The sequence (0..1023) counts IDs within one millisecond of one worker, so one worker mints at most
 *       1,024,000 IDs per second.</li>
 * </ul>
 *
 * See {@code docs/design/ids.md} for why this layout and how monotonicity is kept.
 */
public final class Snowflake {

    /** Start of the time field: 2026-01-01T00:00:00Z. */
    public static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    public static final int TIME_BITS = 41;
    public static final int CELL_BITS = 4;
    public static final int WORKER_BITS = 8;
    public static final int SEQUENCE_BITS = 10;

    public static final int MAX_CELL = (1 << CELL_BITS) - 1;
    public static final int MAX_WORKER = (1 << WORKER_BITS) - 1;
    public static final int MAX_SEQUENCE = (1 << SEQUENCE_BITS) - 1;
    public static final long MAX_TIME = (1L << TIME_BITS) - 1;

    private static final int WORKER_SHIFT = SEQUENCE_BITS;
    private static final int CELL_SHIFT = WORKER_SHIFT + WORKER_BITS;
    private static final int TIME_SHIFT = CELL_SHIFT + CELL_BITS;
    private static final long EPOCH_MILLIS = EPOCH.toEpochMilli();

    private Snowflake() {}

    /** Builds an ID from its fields; each must be within its range. */
    public static long compose(long millisSinceEpoch, int cell, int worker, int sequence) {
        if (millisSinceEpoch < 0 || millisSinceEpoch > MAX_TIME) {
            throw new IllegalArgumentException(
                    "millisSinceEpoch: " + millisSinceEpoch + " (expected: 0.." + MAX_TIME + ")");
        }
        checkCell(cell);
        checkWorker(worker);
        if (sequence < 0 || sequence > MAX_SEQUENCE) {
            throw new IllegalArgumentException("sequence: " + sequence + " (expected: 0.." + MAX_SEQUENCE + ")");
        }
        return millisSinceEpoch << TIME_SHIFT
                | (long) cell << CELL_SHIFT
                | (long) worker << WORKER_SHIFT
                | sequence;
    }

    public static long millisSinceEpoch(long id) {
        return id >>> TIME_SHIFT;
    }

    public static Instant timestamp(long id) {
        return Instant.ofEpochMilli(EPOCH_MILLIS + millisSinceEpoch(id));
    }

    public static int cell(long id) {
        return (int) (id >>> CELL_SHIFT) & MAX_CELL;
    }

    public static int worker(long id) {
        return (int) (id >>> WORKER_SHIFT) & MAX_WORKER;
    }

    public static int sequence(long id) {
        return (int) id & MAX_SEQUENCE;
    }

    /** Milliseconds since {@link #EPOCH} of an instant; negative before it. */
    public static long millisSinceEpoch(Instant instant) {
        return instant.toEpochMilli() - EPOCH_MILLIS;
    }

    static void checkCell(int cell) {
        if (cell < 0 || cell > MAX_CELL) {
            throw new IllegalArgumentException("cell: " + cell + " (expected: 0.." + MAX_CELL + ")");
        }
    }

    static void checkWorker(int worker) {
        if (worker < 0 || worker > MAX_WORKER) {
            throw new IllegalArgumentException("worker: " + worker + " (expected: 0.." + MAX_WORKER + ")");
        }
    }
}
