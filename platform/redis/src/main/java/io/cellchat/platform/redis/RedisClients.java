package io.cellchat.platform.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;

/** One Lettuce client per process; its connections are thread-safe and shared. */
public final class RedisClients {

    private RedisClients() {}

    public static RedisClient client(RedisSettings settings) {
        return RedisClient.create(settings.uri());
    }

    public static StatefulRedisConnection<String, String> connect(RedisClient client) {
        return client.connect();
    }
}
