package io.cellchat.testing.redis;

import io.cellchat.domain.id.WorkerLeases;
import io.cellchat.platform.redis.RedisWorkerLeases;
import io.cellchat.platform.redis.SharedRedis;
import io.cellchat.testing.contracts.WorkerLeasesContract;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.RedisNamespace;
import java.time.Duration;
import java.util.UUID;

/** The worker leases contract on the real Redis; each test has a key prefix of its own, TTLs run in real time. */
@EngineTest
class RedisWorkerLeasesIT extends WorkerLeasesContract {

    private final RedisNamespace namespace;
    private SharedRedis redis;

    RedisWorkerLeasesIT(RedisNamespace namespace) {
        this.namespace = namespace;
    }

    @Override
    protected WorkerLeases openLeases(int workers) {
        redis = SharedRedis.open(namespace.settings("t" + UUID.randomUUID() + ":"));
        return new RedisWorkerLeases(redis, workers);
    }

    @Override
    protected void closeLeases() {
        if (redis != null) {
            redis.close();
        }
    }

    @Override
    protected void pass(Duration duration) throws InterruptedException {
        Thread.sleep(duration.plusMillis(50));
    }
}
