package io.cellchat.platform.redis;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.partition.RoutingTable;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RoutingTable} on Redis.
 *
 * <p>Layout (under the key prefix): {@code route:{routes}:<partition>} holds {@code "<epoch> <address>"} with a TTL
 * ({@code PX}); the hash tag keeps every route in one slot, so a script may change many. Scripts
 * ({@code route-publish.lua}, {@code route-withdraw.lua}) compare epochs and publish the number of each changed
 * partition on channel {@code routes}; {@link #watch} subscribes to it on a connection of its own, opened on first
 * use.
 */
public final class RedisRoutingTable implements RoutingTable, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisRoutingTable.class);
    private static final LuaScript PUBLISH = new LuaScript("route-publish");
    private static final LuaScript WITHDRAW = new LuaScript("route-withdraw");

    private final SharedRedis redis;
    private final String channel;
    private final List<IntConsumer> listeners = new CopyOnWriteArrayList<>();
    private @Nullable StatefulRedisPubSubConnection<String, String> subscription;

    public RedisRoutingTable(SharedRedis redis) {
        this.redis = requireNonNull(redis, "redis");
        this.channel = redis.key("routes");
    }

    @Override
    public Set<Integer> publish(String address, long epoch, Set<Integer> partitions, Duration ttl) {
        Route.checkAddress(address);
        Route.checkEpoch(epoch);
        if (partitions.isEmpty()) {
            return Set.of();
        }
        List<Integer> ordered = List.copyOf(partitions);
        String[] args = new String[4 + ordered.size()];
        args[0] = Long.toString(epoch);
        args[1] = address;
        args[2] = Long.toString(Math.max(1, ttl.toMillis()));
        args[3] = channel;
        for (int i = 0; i < ordered.size(); i++) {
            args[4 + i] = ordered.get(i).toString();
        }
        List<Object> refused = PUBLISH.run(redis.sync(), ScriptOutputType.MULTI, keys(ordered), args);
        Set<Integer> result = new HashSet<>();
        for (Object partition : refused) {
            result.add(Integer.parseInt(partition.toString()));
        }
        return result;
    }

    @Override
    public void withdraw(String address, long epoch, Set<Integer> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        List<Integer> ordered = List.copyOf(partitions);
        String[] args = new String[2 + ordered.size()];
        args[0] = epoch + " " + address;
        args[1] = channel;
        for (int i = 0; i < ordered.size(); i++) {
            args[2 + i] = ordered.get(i).toString();
        }
        WITHDRAW.run(redis.sync(), ScriptOutputType.INTEGER, keys(ordered), args);
    }

    @Override
    public Optional<Route> route(int partition) {
        Route.checkPartition(partition);
        String value = redis.sync().get(key(partition));
        if (value == null) {
            return Optional.empty();
        }
        int space = value.indexOf(' ');
        return Optional.of(new Route(partition, value.substring(space + 1), Long.parseLong(value.substring(0, space))));
    }

    /** Subscribes (once per table, synchronously, so a change made after this returns is announced). */
    @Override
    public synchronized Watch watch(IntConsumer listener) {
        requireNonNull(listener, "listener");
        if (subscription == null) {
            StatefulRedisPubSubConnection<String, String> connection = redis.connectPubSub();
            connection.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    announce(message);
                }
            });
            connection.sync().subscribe(channel);
            subscription = connection;
        }
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void announce(String message) {
        int partition;
        try {
            partition = Integer.parseInt(message);
        } catch (NumberFormatException e) {
            log.warn("ignoring a malformed route change on {}: '{}'", channel, message);
            return;
        }
        for (IntConsumer listener : listeners) {
            try {
                listener.accept(partition);
            } catch (RuntimeException e) {
                log.warn("a route watcher failed on partition {}", partition, e);
            }
        }
    }

    private String[] keys(List<Integer> partitions) {
        String[] keys = new String[partitions.size()];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = key(partitions.get(i));
        }
        return keys;
    }

    private String key(int partition) {
        return redis.key("route:{routes}:" + partition);
    }

    /** Closes the subscription, if any; the shared connection stays open. */
    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
            subscription = null;
        }
        listeners.clear();
    }
}
