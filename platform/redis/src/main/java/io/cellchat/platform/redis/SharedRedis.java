package io.cellchat.platform.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A process's link to Redis: the client, one shared connection that every adapter uses (Lettuce pipelines the
 * commands of all threads on it), and the key prefix. Opening it connects once, so it fails at once when Redis is
 * unreachable; afterwards Lettuce reconnects by itself.
 */
public final class SharedRedis implements AutoCloseable {

    private final RedisSettings settings;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final boolean ownResources;

    private SharedRedis(RedisSettings settings, RedisClient client, StatefulRedisConnection<String, String> connection,
            boolean ownResources) {
        this.settings = settings;
        this.client = client;
        this.connection = connection;
        this.ownResources = ownResources;
    }

    /**
     * Connects.
     *
     * @throws io.lettuce.core.RedisConnectionException if Redis cannot be reached within the timeout
     */
    public static SharedRedis open(RedisSettings settings) {
        requireNonNull(settings, "settings");
        return connect(settings, RedisClients.client(settings), false);
    }

    /**
     * Connects with a client whose command latencies go to {@code metrics} ({@link RedisClients#client(RedisSettings,
     * MeterRegistry)}).
     *
     * @throws io.lettuce.core.RedisConnectionException if Redis cannot be reached within the timeout
     */
    public static SharedRedis open(RedisSettings settings, MeterRegistry metrics) {
        requireNonNull(settings, "settings");
        return connect(settings, RedisClients.client(settings, metrics), true);
    }

    private static SharedRedis connect(RedisSettings settings, RedisClient client, boolean ownResources) {
        try {
            return new SharedRedis(settings, client, client.connect(), ownResources);
        } catch (RuntimeException e) {
            shutdown(client, ownResources);
            throw e;
        }
    }

    private static void shutdown(RedisClient client, boolean ownResources) {
        if (ownResources) {
            RedisClients.shutdown(client);
        } else {
            client.shutdown();
        }
    }

    /** The shared connection, for {@link RedisHealth#check}. */
    public StatefulRedisConnection<String, String> connection() {
        return connection;
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
        shutdown(client, ownResources);
    }
}
