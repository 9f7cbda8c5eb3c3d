package io.cellchat.platform.inprocess;

import io.cellchat.domain.ratelimit.RateLimits;
import io.cellchat.testing.contracts.RateLimitsContract;
import java.time.Clock;

/** The rate limits contract on the in-memory store. */
class InMemoryRateLimitsTest extends RateLimitsContract {

    @Override
    protected RateLimits openLimits(Clock clock) {
        return new InMemoryRateLimits(clock);
    }

    @Override
    protected void closeLimits() {
        // nothing to release
    }
}
