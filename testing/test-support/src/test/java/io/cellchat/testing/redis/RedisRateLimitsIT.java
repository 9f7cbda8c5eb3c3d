package io.cellchat.testing.redis;

import io.cellchat.domain.ratelimit.RateLimits;
import io.cellchat.platform.redis.RedisRateLimits;
import io.cellchat.platform.redis.SharedRedis;
import io.cellchat.testing.contracts.RateLimitsContract;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.RedisNamespace;
import java.time.Clock;

/** The rate limits contract on the real Redis. */
@EngineTest
class RedisRateLimitsIT extends RateLimitsContract {

    private final RedisNamespace namespace;
    private SharedRedis redis;

    RedisRateLimitsIT(RedisNamespace namespace) {
        this.namespace = namespace;
    }

    @Override
    protected RateLimits openLimits(Clock clock) {
        redis = SharedRedis.open(namespace.settings());
        return new RedisRateLimits(redis, clock);
    }

    @Override
    protected void closeLimits() {
        redis.close();
    }
}
