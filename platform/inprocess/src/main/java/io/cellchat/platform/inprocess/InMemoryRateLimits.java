package io.cellchat.platform.inprocess;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.ratelimit.Gcra;
import io.cellchat.domain.ratelimit.RateLimit;
import io.cellchat.domain.ratelimit.RateLimits;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Rate limits of one process, in memory ({@link Gcra}, one TAT per subject). Subjects whose bucket is full again are
 * dropped every so often, so memory follows the subjects active within their limits' periods.
 */
public final class InMemoryRateLimits implements RateLimits {

    private static final int SWEEP_EVERY = 10_000;

    private final Clock clock;
    private final Map<String, Long> tats = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();

    public InMemoryRateLimits(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public Gcra.Verdict acquire(RateLimit limit, String subject) {
        requireNonNull(limit, "limit");
        String key = limit.name() + ":" + RateLimits.checkSubject(subject);
        long now = micros(clock.instant());
        Gcra.Verdict[] verdict = new Gcra.Verdict[1];
        tats.compute(key, (k, tat) -> {
            Gcra.Step step = Gcra.step(limit, tat == null ? 0 : tat, now);
            verdict[0] = step.verdict();
            return step.tatMicros();
        });
        if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
            tats.values().removeIf(tat -> tat <= now);
        }
        return verdict[0];
    }

    private static long micros(Instant instant) {
        return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
    }
}
