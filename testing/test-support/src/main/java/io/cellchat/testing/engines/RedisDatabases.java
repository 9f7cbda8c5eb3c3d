package io.cellchat.testing.engines;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Map;

/**
 * Hands out Redis logical databases, one per test class. The counter lives in database 0 of the run's server, so
 * test JVMs of one run never hand out the same database twice.
 */
final class RedisDatabases {

    private static final String COUNTER = "cellchat:test:next-database";

    private RedisDatabases() {}

    static RedisNamespace allocate(Map<String, String> endpoint) {
        String host = Engines.value(endpoint, "host");
        int port = Integer.parseInt(Engines.value(endpoint, "port"));
        RedisClient client = RedisClient.create("redis://" + host + ":" + port + "/0");
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            long database = connection.sync().incr(COUNTER);
            if (database >= RedisEngine.DATABASES) {
                throw new IllegalStateException("more than " + (RedisEngine.DATABASES - 1)
                        + " test classes asked for a Redis database in one run");
            }
            connection.sync().select((int) database);
            connection.sync().flushdb();
            return new RedisNamespace(host, port, (int) database);
        } finally {
            client.shutdown();
        }
    }
}
