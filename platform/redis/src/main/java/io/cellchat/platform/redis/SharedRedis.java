package io.cellchat.platform.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

/**
 * A process's link to Redis: the client, one shared connection that every adapter uses (Lettuce pipelines the
 * commands of all threads on it), and the key prefix. Opening it connects once, so it fails at once when Redis is
 * unreachable; afterwards Lettuce reconnects by itself.
 */
public final class SharedRedis implements AutoCloseable {

    private final RedisSettings settings;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private SharedRedis(RedisSettings settings, RedisClient client, StatefulRedisConnection<String, String> connection) {
        this.settings = settings;
        this.client = client;
        this.connection = connection;
    }

    /**
     * Connects.
     *
     * @throws io.lettuce.core.RedisConnectionException if Redis cannot be reached within the timeout
     */
    public static SharedRedis open(RedisSettings settings) {
        requireNonNull(settings, "settings");
        RedisClient client = RedisClients.client(settings);
        try {
            return new SharedRedis(settings, client, client.connect());
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    public RedisCommands<String, String> sync() {
        return connection.sync();
    }

    public RedisAsyncCommands<String, String> async() {
        return connection.async();
    }

    /** A connection of its own for subscriptions; the caller closes it. */
    public StatefulRedisPubSubConnection<String, String> connectPubSub() {
        return client.connectPubSub();
    }

    /** A key or channel name under this process's prefix. */
    public String key(String name) {
        return settings.keyPrefix() + name;
    }

    public RedisSettings settings() {
        return settings;
    }

    /** Whether Redis answers a PING within the timeout; for readiness checks. */
    public boolean isHealthy() {
        try {
            return connection.isOpen() && "PONG".equals(connection.sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
