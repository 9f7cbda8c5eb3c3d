package io.cellchat.platform.inprocess;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.id.Snowflake;
import io.cellchat.domain.id.WorkerLeases;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Worker leases in memory, with the same rules as the Redis store: for tests, and for processes that share one JVM.
 * The single process itself needs none (it mints under the fixed worker 0).
 */
public final class InMemoryWorkerLeases implements WorkerLeases {

    private record Lease(String holder, Instant expiresAt) {}

    private final Clock clock;
    private final int workers;
    private final Map<Integer, Lease> leases = new HashMap<>();
    private final Map<Integer, Long> marks = new HashMap<>();

    /** A store of worker IDs {@code 0..workers-1}. */
    public InMemoryWorkerLeases(Clock clock, int workers) {
        this.clock = requireNonNull(clock, "clock");
        if (workers < 1 || workers > Snowflake.MAX_WORKER + 1) {
            throw new IllegalArgumentException("workers: " + workers + " (expected: 1.." + (Snowflake.MAX_WORKER + 1)
                    + ")");
        }
        this.workers = workers;
    }

    @Override
    public synchronized Optional<Grant> acquire(String holder, Duration ttl) {
        requireNonNull(holder, "holder");
        for (int worker = 0; worker < workers; worker++) {
            if (holderOf(worker) == null) {
                leases.put(worker, new Lease(holder, clock.instant().plus(ttl)));
                return Optional.of(new Grant(worker, marks.getOrDefault(worker, -1L)));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized boolean renew(int worker, String holder, Duration ttl, long highWaterMark) {
        if (!holder.equals(holderOf(worker))) {
            return false;
        }
        leases.put(worker, new Lease(holder, clock.instant().plus(ttl)));
        marks.merge(worker, highWaterMark, Math::max);
        return true;
    }

    @Override
    public synchronized boolean raiseHighWaterMark(int worker, String holder, long millisSinceEpoch) {
        if (!holder.equals(holderOf(worker))) {
            return false;
        }
        marks.merge(worker, millisSinceEpoch, Math::max);
        return true;
    }

    @Override
    public synchronized void release(int worker, String holder, long finalHighWaterMark) {
        if (holder.equals(holderOf(worker))) {
            leases.remove(worker);
            marks.put(worker, finalHighWaterMark);
        }
    }

    private @Nullable String holderOf(int worker) {
        Lease lease = leases.get(worker);
        return lease == null || !lease.expiresAt().isAfter(clock.instant()) ? null : lease.holder();
    }
}
