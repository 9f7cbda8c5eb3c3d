package io.cellchat.domain.id;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/** A store of leases for unit tests: a few worker IDs, expiring on a time the test moves. */
final class FakeWorkerLeases implements WorkerLeases {

    private record Held(String holder, long expiresAt) {}

    private final int workers;
    private final LongSupplier nanos;
    private final Map<Integer, Held> held = new HashMap<>();
    private final Map<Integer, Long> marks = new HashMap<>();
    boolean unreachable;

    FakeWorkerLeases(int workers, LongSupplier nanos) {
        this.workers = workers;
        this.nanos = nanos;
    }

    @Override
    public synchronized Optional<Grant> acquire(String holder, Duration ttl) {
        reachable();
        for (int worker = 0; worker < workers; worker++) {
            if (holderOf(worker) == null) {
                held.put(worker, new Held(holder, nanos.getAsLong() + ttl.toNanos()));
                return Optional.of(new Grant(worker, marks.getOrDefault(worker, -1L)));
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized boolean renew(int worker, String holder, Duration ttl, long highWaterMark) {
        reachable();
        if (!holder.equals(holderOf(worker))) {
            return false;
        }
        held.put(worker, new Held(holder, nanos.getAsLong() + ttl.toNanos()));
        marks.merge(worker, highWaterMark, Math::max);
        return true;
    }

    @Override
    public synchronized void release(int worker, String holder, long finalHighWaterMark) {
        reachable();
        if (holder.equals(holderOf(worker))) {
            held.remove(worker);
            marks.put(worker, finalHighWaterMark);
        }
    }

    @Override
    public synchronized boolean raiseHighWaterMark(int worker, String holder, long millisSinceEpoch) {
        reachable();
        if (!holder.equals(holderOf(worker))) {
            return false;
        }
        marks.merge(worker, millisSinceEpoch, Math::max);
        return true;
    }

    synchronized String holderOf(int worker) {
        Held lease = held.get(worker);
        return lease == null || lease.expiresAt() - nanos.getAsLong() <= 0 ? null : lease.holder();
    }

    synchronized long markOf(int worker) {
        return marks.getOrDefault(worker, -1L);
    }

    private void reachable() {
        if (unreachable) {
            throw new IllegalStateException("store unreachable");
        }
    }
}
