package io.cellchat.services.messaging.session;

import java.time.Clock;

/** A token bucket per connection: {@code rate} frames per second, up to {@code burst} at once. Not thread-safe. */
final class RateLimiter {

    private final double ratePerMilli;
    private final int burst;
    private final Clock clock;
    private double tokens;
    private long last;

    RateLimiter(int ratePerSecond, int burst, Clock clock) {
        this.ratePerMilli = ratePerSecond / 1000.0;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.last = clock.millis();
    }

    boolean tryAcquire() {
        long now = clock.millis();
        tokens = Math.min(burst, tokens + Math.max(0, now - last) * ratePerMilli);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }
}
