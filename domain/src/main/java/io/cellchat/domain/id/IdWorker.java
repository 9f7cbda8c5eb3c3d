package io.cellchat.domain.id;

import static java.util.Objects.requireNonNull;

/**
 * The worker ID a {@link SnowflakeIdGenerator} mints under, and the high-water mark that goes with it: fixed in the
 * single process ({@link #fixed}), leased in the distributed cell ({@link LeasedIdWorker}).
 *
 * <p>A generator asks for the {@link Slot} before each ID. When the slot's epoch changes (a new lease, perhaps of
 * another worker ID), the generator starts above the slot's mark, in a new millisecond, so its IDs keep growing and
 * never meet IDs an earlier holder of that worker ID minted.
 */
public interface IdWorker {

    /**
     * The slot to mint under now.
     *
     * @throws WorkerLeaseExpiredException if no ID may be minted now
     */
    Slot current();

    /**
     * Durably raises the mark of {@code slot}'s worker ID before the generator mints beyond it.
     *
     * @throws WorkerLeaseExpiredException if {@code slot} is no longer held; nothing was stored
     */
    void raiseHighWaterMark(Slot slot, long millisSinceEpoch);

    /**
     * One tenure of a worker ID.
     *
     * @param worker the worker ID
     * @param epoch changes with each new tenure
     * @param highWaterMark the mark when the tenure began ({@code -1}: none)
     */
    record Slot(int worker, long epoch, long highWaterMark) {
        public Slot {
            Snowflake.checkWorker(worker);
        }
    }

    /** A worker ID that never changes, with its mark kept by {@code highWaterMark} (read once, here). */
    static IdWorker fixed(int worker, HighWaterMark highWaterMark) {
        requireNonNull(highWaterMark, "highWaterMark");
        Slot slot = new Slot(worker, 0, highWaterMark.load());
        return new IdWorker() {
            @Override
            public Slot current() {
                return slot;
            }

            @Override
            public void raiseHighWaterMark(Slot ignored, long millisSinceEpoch) {
                highWaterMark.store(millisSinceEpoch);
            }
        };
    }
}
