package io.cellchat.domain.ratelimit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The generic cell rate algorithm, the rule every {@link RateLimits} adapter applies (the Redis adapter runs the same
 * arithmetic in a script, so that the read and the write are one atomic step).
 *
 * <p>State per subject is one number, the <em>theoretical arrival time</em> (TAT): when the bucket would be full
 * again. A request at {@code now} is allowed if {@code max(TAT, now) + interval - now <= burst * interval}, and then
 * sets {@code TAT = max(TAT, now) + interval}. A refused request changes nothing and learns how long until it would
 * be allowed. Times are microseconds, so that rates like 7 per minute keep their precision.
 */
public final class Gcra {

    private Gcra() {}

    /**
     * The answer to one request.
     *
     * @param allowed whether it may proceed
     * @param retryAfter when refused, how long until one permit is available; zero when allowed
     */
    public record Verdict(boolean allowed, Duration retryAfter) {
        public Verdict {
            requireNonNull(retryAfter, "retryAfter");
        }

        public static final Verdict ALLOWED = new Verdict(true, Duration.ZERO);
    }

    /**
     * The outcome of one step.
     *
     * @param verdict the answer
     * @param tatMicros the new TAT to store (unchanged when refused)
     */
    public record Step(Verdict verdict, long tatMicros) {}

    /**
     * Applies one request at {@code nowMicros} to the stored {@code tatMicros} ({@code 0}: nothing stored).
     */
    public static Step step(RateLimit limit, long tatMicros, long nowMicros) {
        long interval = limit.intervalMicros();
        long start = Math.max(tatMicros, nowMicros);
        long next = start + interval;
        long excess = next - nowMicros - limit.burst() * interval;
        if (excess > 0) {
            return new Step(new Verdict(false, Duration.ofNanos(excess * 1_000)), tatMicros);
        }
        return new Step(Verdict.ALLOWED, next);
    }
}
