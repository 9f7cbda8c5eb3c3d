package io.cellchat.platform.redis;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.id.Snowflake;
import io.cellchat.domain.id.WorkerLeases;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@link WorkerLeases} on Redis.
 *
 * <p>Layout (under the key prefix): {@code ids:{ids}:lease:<worker>} holds the holder's name with a TTL ({@code PX});
 * {@code ids:{ids}:mark:<worker>} holds the worker's high-water mark (ms since the snowflake epoch) with no TTL. One
 * hash tag, one slot: the acquire script scans every worker ID in one atomic step. Every change goes through a script
 * that first checks the holder ({@code lease-*.lua}).
 *
 * <p>The marks must survive a Redis restart for the uniqueness argument to hold after one: run Redis with
 * {@code appendonly yes} (and {@code appendfsync everysec} or stricter) in production. A lease expiring in Redis is
 * what lets another process take the worker ID; Redis expires keys on its own clock, which the holder's time fence
 * does not depend on (see {@link io.cellchat.domain.id.LeasedIdWorker}).
 */
public final class RedisWorkerLeases implements WorkerLeases {

    private static final LuaScript ACQUIRE = new LuaScript("lease-acquire");
    private static final LuaScript RENEW = new LuaScript("lease-renew");
    private static final LuaScript RELEASE = new LuaScript("lease-release");

    private final SharedRedis redis;
    private final String[] acquireKeys;

    /** A store of worker IDs {@code 0..workers-1} (256 in a cell; fewer in tests). */
    public RedisWorkerLeases(SharedRedis redis, int workers) {
        this.redis = requireNonNull(redis, "redis");
        if (workers < 1 || workers > Snowflake.MAX_WORKER + 1) {
            throw new IllegalArgumentException("workers: " + workers + " (expected: 1.." + (Snowflake.MAX_WORKER + 1)
                    + ")");
        }
        this.acquireKeys = new String[2 * workers];
        for (int worker = 0; worker < workers; worker++) {
            acquireKeys[worker] = leaseKey(worker);
            acquireKeys[workers + worker] = markKey(worker);
        }
    }

    @Override
    public Optional<Grant> acquire(String holder, Duration ttl) {
        requireNonNull(holder, "holder");
        List<Object> grant = ACQUIRE.run(redis.sync(), ScriptOutputType.MULTI, acquireKeys, holder, millis(ttl));
        if (grant == null || grant.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Grant(Integer.parseInt(grant.get(0).toString()), Long.parseLong(grant.get(1).toString())));
    }

    @Override
    public boolean renew(int worker, String holder, Duration ttl, long highWaterMark) {
        Long held = RENEW.run(redis.sync(), ScriptOutputType.INTEGER, keys(worker), holder, millis(ttl),
                Long.toString(highWaterMark));
        return held == 1;
    }

    @Override
    public boolean raiseHighWaterMark(int worker, String holder, long millisSinceEpoch) {
        Long held = RENEW.run(redis.sync(), ScriptOutputType.INTEGER, keys(worker), holder, "",
                Long.toString(millisSinceEpoch));
        return held == 1;
    }

    @Override
    public void release(int worker, String holder, long finalHighWaterMark) {
        RELEASE.run(redis.sync(), ScriptOutputType.INTEGER, keys(worker), holder, Long.toString(finalHighWaterMark));
    }

    private String[] keys(int worker) {
        if (worker < 0 || worker > Snowflake.MAX_WORKER) {
            throw new IllegalArgumentException("worker: " + worker + " (expected: 0.." + Snowflake.MAX_WORKER + ")");
        }
        return new String[] {leaseKey(worker), markKey(worker)};
    }

    private String leaseKey(int worker) {
        return redis.key("ids:{ids}:lease:" + worker);
    }

    private String markKey(int worker) {
        return redis.key("ids:{ids}:mark:" + worker);
    }

    private static String millis(Duration ttl) {
        return Long.toString(Math.max(1, ttl.toMillis()));
    }
}
