package io.cellchat.domain.id;

import java.time.Duration;
import java.util.Optional;

/**
 * Port: leases of worker IDs, so that two processes of a cell never mint snowflakes under the same worker ID at the
 * same time. A lease names its holder (a string unique per process run) and lasts a TTL that the holder renews.
 *
 * <p>Each worker ID also keeps a high-water mark across its holders (see {@link HighWaterMark}): a holder raises it
 * before minting IDs beyond it, and a later holder of the same worker ID starts above it. So even holders whose
 * clocks disagree never mint the same ID. Only the current holder may change the mark.
 *
 * <p>{@link LeasedIdWorker} builds the time fence on top of this port: the holder stops minting before its lease can
 * have expired here.
 *
 * <ul>
 *   <li>Embedded: in memory (the single process uses the fixed worker 0 and no lease).</li>
 *   <li>Distributed: Redis, a key per worker ID with a TTL, changed by scripts that compare the holder.</li>
 * </ul>
 */
public interface WorkerLeases {

    /**
     * Leases the lowest free worker ID to {@code holder} for {@code ttl}, counted from when the store handles the
     * request.
     *
     * @return the worker ID and its high-water mark, or empty if every worker ID is leased
     */
    Optional<Grant> acquire(String holder, Duration ttl);

    /**
     * Extends {@code holder}'s lease of {@code worker} to {@code ttl} from now and raises the worker's high-water mark
     * to {@code highWaterMark} (never lowers it), in one step.
     *
     * @return {@code false}, with nothing changed, if {@code holder} no longer holds it (it expired, whether or not
     *     another took it)
     */
    boolean renew(int worker, String holder, Duration ttl, long highWaterMark);

    /**
     * Raises the worker's high-water mark to {@code millisSinceEpoch} (never lowers it), durably, if {@code holder}
     * holds the lease.
     *
     * @return {@code false}, with nothing stored, if {@code holder} does not hold the lease
     */
    boolean raiseHighWaterMark(int worker, String holder, long millisSinceEpoch);

    /**
     * Ends {@code holder}'s lease of {@code worker} early and sets the worker's mark to {@code finalHighWaterMark}: the
     * mark the holder actually minted under, which may be lower than what it reserved ahead, so the next holder need
     * not wait for the clock to reach a reservation that was never used. Does nothing if it is not the holder.
     */
    void release(int worker, String holder, long finalHighWaterMark);

    /**
     * A lease just granted.
     *
     * @param worker the worker ID, {@code 0..}{@link Snowflake#MAX_WORKER}
     * @param highWaterMark the worker's mark left by earlier holders, {@code -1} if none
     */
    record Grant(int worker, long highWaterMark) {
        public Grant {
            Snowflake.checkWorker(worker);
        }
    }
}
