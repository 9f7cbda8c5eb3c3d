package io.cellchat.testing.redis;

import io.cellchat.domain.partition.RoutingTable;
import io.cellchat.platform.redis.RedisRoutingTable;
import io.cellchat.platform.redis.SharedRedis;
import io.cellchat.testing.contracts.RoutingTableContract;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.RedisNamespace;
import java.time.Duration;
import java.util.UUID;

/** The routing table contract on the real Redis; each test has a key prefix of its own, TTLs run in real time. */
@EngineTest
class RedisRoutingTableIT extends RoutingTableContract {

    private final RedisNamespace namespace;
    private SharedRedis redis;
    private RedisRoutingTable table;

    RedisRoutingTableIT(RedisNamespace namespace) {
        this.namespace = namespace;
    }

    @Override
    protected RoutingTable openTable() {
        redis = SharedRedis.open(namespace.settings("t" + UUID.randomUUID() + ":"));
        table = new RedisRoutingTable(redis);
        return table;
    }

    @Override
    protected void closeTable() {
        table.close();
        redis.close();
    }

    @Override
    protected void pass(Duration duration) throws InterruptedException {
        Thread.sleep(duration.plusMillis(50));
    }
}
