package io.cellchat.domain.id;

import static java.util.Objects.requireNonNull;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * A monotonic snowflake generator for one (cell, worker).
 *
 * <p>Three rules keep every ID unique and greater than the one before:
 * <ol>
 *   <li>Within one millisecond the sequence counts up; when it runs out, the generator waits for the next
 *       millisecond.</li>
 *   <li>If the wall clock reads earlier than the last ID (an NTP step, a VM migration), the generator waits for the
 *       clock to catch up, but at most {@code maxStepBack}; beyond that it throws {@link ClockSteppedBackException}
 *       rather than mint a smaller or duplicate ID.</li>
 *   <li>Before minting an ID whose time passes the {@link HighWaterMark}, it stores a new mark {@code reserve} ahead,
 *       and after a restart it starts from the stored mark. One durable write per {@code reserve} of time, not per ID,
 *       makes the order survive restarts and clock steps across them.</li>
 * </ol>
 *
 * <p>The worker ID and its mark come from an {@link IdWorker}: fixed in the single process, leased in the cell
 * ({@link #leased}). A leased worker may refuse ({@link WorkerLeaseExpiredException}) or start a new tenure; the
 * generator then continues above the new tenure's mark, in a new millisecond.
 *
 * <p>The durable write (an fsync in the single process) is kept off the caller's path: once half of the reserved
 * time is used, the next mark is stored on the {@code renewals} executor while IDs keep being minted below the
 * stored one. A caller waits for the store only when the clock passes the stored mark itself (the first ID, an idle
 * spell longer than half a reserve, or a renewal that failed, whose error the caller then gets). Marks are stored
 * under one lock and only ever increase, so a slow renewal never overwrites a higher mark.
 *
 * <p>Thread-safe; one lock around a few arithmetic operations (see the JMH benchmark in {@code tools/bench}).
 */
public final class SnowflakeIdGenerator implements IdGenerator {

    /** Settings of a generator; validated on construction. */
    public record Settings(int cell, int worker, Duration maxStepBack, Duration reserve) {
        public Settings {
            Snowflake.checkCell(cell);
            Snowflake.checkWorker(worker);
            requireNonNull(maxStepBack, "maxStepBack");
            requireNonNull(reserve, "reserve");
            if (maxStepBack.isNegative()) {
                throw new IllegalArgumentException("maxStepBack: " + maxStepBack + " (expected: >= 0)");
            }
            if (reserve.toMillis() < 1) {
                throw new IllegalArgumentException("reserve: " + reserve + " (expected: >= 1 ms)");
            }
            if (maxStepBack.compareTo(reserve) < 0) {
                // After a quick restart the clock reads up to one reserve behind the stored mark.
                throw new IllegalArgumentException(
                        "maxStepBack: " + maxStepBack + " (expected: >= reserve, " + reserve + ")");
            }
        }

        /** Cell and worker with the defaults: wait up to 2 s for a clock that stepped back; reserve 1 s ahead. */
        public static Settings of(int cell, int worker) {
            return new Settings(cell, worker, Duration.ofSeconds(2), Duration.ofSeconds(1));
        }
    }

    private static final long SEQUENCE_ROLLOVER_BUDGET_MILLIS = 50;

    private final Clock clock;
    private final Sleeper sleeper;
    private final IdWorker worker;
    private final int cell;
    private final long maxStepBackMillis;
    private final long reserveMillis;
    private final Executor renewals;
    private final Object storeLock = new Object();

    /** The current tenure; replaced under {@link #storeLock} (and {@code this}). */
    private volatile IdWorker.Slot slot;
    private long lastMillis;
    private int sequence;
    /** The highest mark durably stored; IDs up to it may be minted. Written under {@link #storeLock}. */
    private volatile long reservedUntil;
    /** Whether a renewal is queued or running; guarded by {@code this}. */
    private boolean renewing;

    /** A generator with the fixed worker ID of {@code settings} that stores its marks on the calling thread (tests, tools). */
    public SnowflakeIdGenerator(Settings settings, Clock clock, Sleeper sleeper, HighWaterMark highWaterMark) {
        this(settings, clock, sleeper, highWaterMark, Runnable::run);
    }

    /**
     * A generator with the fixed worker ID of {@code settings}, whose mark {@code highWaterMark} keeps.
     *
     * @param renewals where the next mark is stored ahead of need, off the caller's path (one background thread in
     *     the single process)
     */
    public SnowflakeIdGenerator(Settings settings, Clock clock, Sleeper sleeper, HighWaterMark highWaterMark,
            Executor renewals) {
        this(settings, IdWorker.fixed(settings.worker(), requireNonNull(highWaterMark, "highWaterMark")), clock,
                sleeper, renewals);
    }

    private SnowflakeIdGenerator(Settings settings, IdWorker worker, Clock clock, Sleeper sleeper, Executor renewals) {
        this.renewals = requireNonNull(renewals, "renewals");
        this.clock = requireNonNull(clock, "clock");
        this.sleeper = requireNonNull(sleeper, "sleeper");
        this.worker = requireNonNull(worker, "worker");
        this.cell = settings.cell();
        this.maxStepBackMillis = settings.maxStepBack().toMillis();
        this.reserveMillis = settings.reserve().toMillis();
        this.lastMillis = -1;
        IdWorker.Slot first = worker.current();
        this.slot = first;
        startTenure(first);
    }

    /**
     * A generator whose worker ID comes from {@code worker} (a {@link LeasedIdWorker} in the distributed cell); the
     * worker ID of {@code settings} is not used.
     */
    public static SnowflakeIdGenerator leased(Settings settings, IdWorker worker, Clock clock, Sleeper sleeper) {
        return new SnowflakeIdGenerator(settings, worker, clock, sleeper, Runnable::run);
    }

    /** Acts as if an ID with the slot's stored mark and the last sequence number had just been minted. */
    private void startTenure(IdWorker.Slot tenure) {
        synchronized (storeLock) {
            slot = tenure;
            lastMillis = Math.max(lastMillis, Math.max(tenure.highWaterMark(), -1));
            sequence = Snowflake.MAX_SEQUENCE;
            reservedUntil = lastMillis;
        }
    }

    @Override
    public synchronized long next() {
        IdWorker.Slot current = worker.current();
        if (current.epoch() != slot.epoch()) {
            // A new tenure, perhaps of another worker ID: continue above its mark and our last ID, in a new ms.
            startTenure(current);
        }
        long now = currentMillis();
        if (now < lastMillis) {
            now = awaitClock(lastMillis, now, maxStepBackMillis);
        }
        int next;
        if (now == lastMillis) {
            if (sequence == Snowflake.MAX_SEQUENCE) {
                // The sequence ran out: the next millisecond comes within one, unless the clock stepped back too.
                now = awaitClock(lastMillis + 1, now, maxStepBackMillis + SEQUENCE_ROLLOVER_BUDGET_MILLIS);
                next = 0;
            } else {
                next = sequence + 1;
            }
        } else {
            next = 0;
        }
        if (now > reservedUntil) {
            reserve(slot, now + reserveMillis); // if it throws, no ID was minted: the last one stays the last
        } else if (!renewing && now > reservedUntil - reserveMillis / 2) {
            renew(slot, now + reserveMillis);
        }
        lastMillis = now;
        sequence = next;
        return Snowflake.compose(now, cell, slot.worker(), sequence);
    }

    /** Stores {@code mark} on the renewals executor; a failure is left for the synchronous path to report. */
    private void renew(IdWorker.Slot tenure, long mark) {
        renewing = true;
        Runnable renewal = () -> {
            try {
                reserve(tenure, mark);
            } catch (RuntimeException e) {
                // Not lost: the mark stays where it was, and the caller that reaches it stores synchronously and
                // gets this error then.
            } finally {
                synchronized (this) {
                    renewing = false;
                }
            }
        };
        try {
            renewals.execute(renewal);
        } catch (RejectedExecutionException e) {
            renewing = false;
        }
    }

    /**
     * Durably stores {@code mark} for {@code tenure} unless a higher one is stored already or the tenure has ended
     * (a leased worker began a new one meanwhile); marks never go down.
     */
    private void reserve(IdWorker.Slot tenure, long mark) {
        synchronized (storeLock) {
            if (tenure.epoch() == slot.epoch() && mark > reservedUntil) {
                try {
                    worker.raiseHighWaterMark(tenure, mark);
                } catch (IdsUnavailableException e) {
                    throw e;
                } catch (RuntimeException e) {
                    throw new MarkNotStoredException(e);
                }
                reservedUntil = mark;
            }
        }
    }

    /**
     * Waits until the clock reads at least {@code target}. Gives up once the total wait would pass
     * {@code budgetMillis}, so a clock that stepped far back, or stopped, fails loudly instead of hanging.
     */
    private long awaitClock(long target, long now, long budgetMillis) {
        long waited = 0;
        while (now < target) {
            long behind = target - now;
            if (waited + behind > budgetMillis) {
                throw new ClockSteppedBackException(behind, maxStepBackMillis);
            }
            try {
                sleeper.sleep(Duration.ofMillis(behind));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the clock to reach the last ID", e);
            }
            waited += behind;
            now = currentMillis();
        }
        return now;
    }

    private long currentMillis() {
        long millis = Snowflake.millisSinceEpoch(clock.instant());
        if (millis < 0) {
            throw new IllegalStateException("clock reads " + clock.instant() + " (expected: after " + Snowflake.EPOCH + ")");
        }
        return millis;
    }
}
