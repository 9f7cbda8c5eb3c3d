package io.cellchat.domain.id;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A worker ID leased from {@link WorkerLeases}, fenced by time: the process stops minting IDs before its lease can
 * have expired in the store, so that a process that was paused (a long GC, a stopped VM) or cut off from the store
 * never mints under a worker ID that another process may hold by then.
 *
 * <p>The fence: before each request that grants or renews the lease, the holder reads its monotonic {@link Ticker}
 * ({@code t0}). The store starts the TTL when it handles the request, after {@code t0}, so the lease lasts in the
 * store at least until {@code t0 + ttl}. The holder mints only until {@code t0 + ttl - margin}; the margin covers
 * clocks that run at slightly different rates. If renewals keep failing (the store is unreachable), {@link #current}
 * throws {@link WorkerLeaseExpiredException} from then on; the next renewal that reaches the store either extends the
 * lease or, if it was lost, leases a worker ID again (a new {@link IdWorker.Slot#epoch()}).
 *
 * <p>The high-water mark is the second line of defence: a new holder starts above it, so holders never mint the same
 * ID even if a lease were broken. Each grant and renewal raises it to the wall-clock end of the fence
 * ({@code now + ttl - margin}), so minting needs no store round trip (and goes on while the store is briefly
 * unreachable); only a wall clock that jumps forward past the reserve makes {@link #raiseHighWaterMark} go to the
 * store. A holder that crashes leaves a mark that the wall clock has passed by the time its lease expires; one that
 * closes sets the mark back to what it really used.
 *
 * <p>{@link #renew} is called every {@link Settings#renewEvery()} by a scheduler of the composition root. Thread-safe.
 */
public final class LeasedIdWorker implements IdWorker, AutoCloseable {

    /**
     * How long a lease lasts and how it is kept.
     *
     * @param ttl lease duration in the store
     * @param renewEvery how often the holder renews
     * @param margin how long before the earliest possible expiry the holder stops minting
     */
    public record Settings(Duration ttl, Duration renewEvery, Duration margin) {
        public Settings {
            requireNonNull(ttl, "ttl");
            requireNonNull(renewEvery, "renewEvery");
            requireNonNull(margin, "margin");
            if (margin.isNegative() || margin.isZero()) {
                throw new IllegalArgumentException("ids.lease-margin: " + margin + " (expected: > 0)");
            }
            if (renewEvery.isNegative() || renewEvery.isZero()) {
                throw new IllegalArgumentException("ids.lease-renew-every: " + renewEvery + " (expected: > 0)");
            }
            // One renewal may fail without a gap in minting.
            if (renewEvery.multipliedBy(2).compareTo(ttl.minus(margin)) > 0) {
                throw new IllegalArgumentException("ids.lease-renew-every: " + renewEvery
                        + " (expected: <= (ids.lease-ttl - ids.lease-margin) / 2, " + ttl.minus(margin).dividedBy(2)
                        + ")");
            }
        }

        /** A 30 s lease, renewed every 10 s; minting stops 5 s before it could expire. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5));
        }

        Duration validity() {
            return ttl.minus(margin);
        }
    }

    /**
     * The current tenure: until when (ticker nanos) it may mint, the mark stored in the store, and whether it was
     * lost.
     */
    private record State(Slot slot, long validUntil, long storedMark, boolean lost) {
        State ended() {
            return new State(slot, validUntil, storedMark, true);
        }
    }

    private final WorkerLeases leases;
    private final String holder;
    private final Settings settings;
    private final Clock clock;
    private final Ticker ticker;
    private final AtomicReference<State> state = new AtomicReference<>();
    /** The highest mark the generator asked for in the current tenure. */
    private final AtomicLong usedMark = new AtomicLong(-1);
    /** Guarded by {@code this}, like the calls to the store that renew and release (never the minting path). */
    private boolean closed;

    private LeasedIdWorker(WorkerLeases leases, String holder, Settings settings, Clock clock, Ticker ticker) {
        this.leases = requireNonNull(leases, "leases");
        this.holder = requireNonNull(holder, "holder");
        this.settings = requireNonNull(settings, "settings");
        this.clock = requireNonNull(clock, "clock");
        this.ticker = requireNonNull(ticker, "ticker");
    }

    /**
     * Leases the lowest free worker ID for {@code holder} (a name unique to this process run, for example
     * {@code host/pid/random}) and reserves marks up to the end of the fence.
     *
     * @throws IllegalStateException if every worker ID is leased
     */
    public static LeasedIdWorker acquire(WorkerLeases leases, String holder, Settings settings, Clock clock,
            Ticker ticker) {
        LeasedIdWorker worker = new LeasedIdWorker(leases, holder, settings, clock, ticker);
        if (!worker.grant(0)) {
            throw new IllegalStateException("no free worker ID: all " + (Snowflake.MAX_WORKER + 1)
                    + " are leased by other processes of this cell (expected: at most that many ID-minting processes)");
        }
        return worker;
    }

    /** Leases a worker ID for a new tenure; false if none is free. */
    private boolean grant(long epoch) {
        long t0 = ticker.nanos();
        long reserve = fenceEndMark();
        Optional<WorkerLeases.Grant> grant = leases.acquire(holder, settings.ttl());
        if (grant.isEmpty()) {
            return false;
        }
        Slot slot = new Slot(grant.get().worker(), epoch + 1, grant.get().highWaterMark());
        usedMark.set(slot.highWaterMark());
        long stored = slot.highWaterMark();
        if (reserve > stored && leases.raiseHighWaterMark(slot.worker(), holder, reserve)) {
            stored = reserve;
        }
        state.set(new State(slot, t0 + settings.validity().toNanos(), stored, false));
        return true;
    }

    /** The wall-clock end of a fence that would start now: no ID is minted beyond it without a store round trip. */
    private long fenceEndMark() {
        return Snowflake.millisSinceEpoch(clock.instant()) + settings.validity().toMillis();
    }

    @Override
    public Slot current() {
        State now = state.get();
        if (now.lost()) {
            throw new WorkerLeaseExpiredException("worker ID " + now.slot().worker() + " lease of " + holder
                    + " ended; refusing to mint IDs until a new lease is granted");
        }
        if (ticker.nanos() - now.validUntil() >= 0) {
            throw new WorkerLeaseExpiredException("worker ID " + now.slot().worker() + " lease of " + holder
                    + " may have expired (not renewed for " + settings.validity()
                    + "); refusing to mint IDs until a renewal succeeds");
        }
        return now.slot();
    }

    @Override
    public void raiseHighWaterMark(Slot slot, long millisSinceEpoch) {
        State now = state.get();
        if (now.lost() || now.slot().epoch() != slot.epoch()) {
            throw new WorkerLeaseExpiredException("worker ID " + slot.worker() + " lease of " + holder
                    + " ended; refusing to mint IDs under it");
        }
        usedMark.accumulateAndGet(millisSinceEpoch, Math::max);
        if (millisSinceEpoch <= now.storedMark()) {
            return;
        }
        if (!leases.raiseHighWaterMark(slot.worker(), holder, millisSinceEpoch)) {
            markLost(now);
            throw new WorkerLeaseExpiredException("worker ID " + slot.worker() + " is no longer leased to " + holder
                    + "; refusing to mint IDs under it");
        }
        state.compareAndSet(now, new State(now.slot(), now.validUntil(), millisSinceEpoch, false));
    }

    /**
     * Extends the lease and the reserved marks, or leases a worker ID again if the lease was lost.
     *
     * @return whether a lease is held now; {@code false} when it was lost and every worker ID is taken. A failure to
     *     reach the store is thrown as it comes; the lease then runs out on its own.
     */
    public synchronized boolean renew() {
        if (closed) {
            return false;
        }
        State before = state.get();
        long t0 = ticker.nanos();
        long reserve = Math.max(fenceEndMark(), before.storedMark());
        if (!before.lost() && leases.renew(before.slot().worker(), holder, settings.ttl(), reserve)) {
            // Not a blind set: a concurrent raise may have stored a higher mark meanwhile.
            state.updateAndGet(current -> current.slot().epoch() != before.slot().epoch()
                    ? current
                    : new State(current.slot(), t0 + settings.validity().toNanos(),
                            Math.max(reserve, current.storedMark()), current.lost()));
            return true;
        }
        markLost(before);
        return grant(before.slot().epoch());
    }

    private void markLost(State seen) {
        state.compareAndSet(seen, seen.ended());
    }

    /** The worker ID of the current tenure (which may have ended). */
    public int worker() {
        return state.get().slot().worker();
    }

    /** Whether IDs may be minted now. */
    public boolean isValid() {
        State now = state.get();
        return !now.lost() && ticker.nanos() - now.validUntil() < 0;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Stops minting and gives the worker ID back with the mark really used, so a restarted process need not wait for
     * the TTL, nor for the clock to pass the reserve.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        State last = state.getAndUpdate(State::ended);
        if (!last.lost()) {
            leases.release(last.slot().worker(), holder, Math.max(usedMark.get(), last.slot().highWaterMark()));
        }
    }
}
