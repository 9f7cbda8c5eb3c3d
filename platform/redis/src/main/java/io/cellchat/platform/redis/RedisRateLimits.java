package io.cellchat.platform.redis;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.ratelimit.Gcra;
import io.cellchat.domain.ratelimit.RateLimit;
import io.cellchat.domain.ratelimit.RateLimits;
import io.lettuce.core.ScriptOutputType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@link RateLimits} on Redis: the {@link Gcra} step in a script ({@code rate-acquire.lua}), one key per limit and
 * subject, {@code rl:<limit>:<subject>} under the key prefix, holding the TAT in microseconds and expiring once the
 * bucket is full again, so idle subjects cost nothing.
 *
 * <p>The time comes from this process's {@link Clock}, not from Redis, so that every adapter reads time the same way
 * (and tests can move it). Servers of a cell keep their clocks in step with NTP; a skew of {@code d} between two
 * servers lets through at most {@code d / interval} extra requests.
 */
public final class RedisRateLimits implements RateLimits {

    private static final LuaScript ACQUIRE = new LuaScript("rate-acquire");

    private final SharedRedis redis;
    private final Clock clock;

    public RedisRateLimits(SharedRedis redis, Clock clock) {
        this.redis = requireNonNull(redis, "redis");
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public Gcra.Verdict acquire(RateLimit limit, String subject) {
        requireNonNull(limit, "limit");
        String key = redis.key("rl:" + limit.name() + ":" + RateLimits.checkSubject(subject));
        long now = ChronoUnit.MICROS.between(Instant.EPOCH, clock.instant());
        Long wait = ACQUIRE.run(redis.sync(), ScriptOutputType.INTEGER, new String[] {key},
                Long.toString(now), Long.toString(limit.intervalMicros()), Integer.toString(limit.burst()));
        return wait == 0 ? Gcra.Verdict.ALLOWED : new Gcra.Verdict(false, Duration.ofNanos(wait * 1_000));
    }
}
