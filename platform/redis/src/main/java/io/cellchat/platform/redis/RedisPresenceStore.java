package io.cellchat.platform.redis;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.presence.DevicePresence;
import io.cellchat.domain.presence.PresenceStatus;
import io.cellchat.domain.presence.PresenceStore;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link PresenceStore} on Redis, shared by the messaging servers of a cell, with a TTL so that the devices of a server
 * that dies vanish on their own.
 *
 * <p>Layout (under the key prefix), one hash tag per user or watching device:
 * <ul>
 *   <li>{@code presence:{u:<user>}:devices}: hash, device → {@code "<status> <last active ms> <deadline ms>"}; a
 *       device whose deadline passed is gone (readers skip it, removals sweep it). The hash itself expires one TTL
 *       after its last write.</li>
 *   <li>{@code presence:{u:<user>}:seen}: last seen, ms since the Unix epoch; kept {@code lastSeenTtl}.</li>
 *   <li>{@code presence:{u:<user>}:watchers}: hash, watching device → its user.</li>
 *   <li>{@code presence:{w:<device>}:watching}: set of the users a device watches, with a TTL: it exists while the
 *       device's server keeps it alive, so {@link #watchers} skips (and drops) the entries of dead devices.</li>
 * </ul>
 *
 * <p>This process refreshes what it put, every {@link Settings#refreshEvery()}: the deadlines of its connected devices
 * (a script that moves only the deadline, so it neither undoes a newer status nor revives a removed device) and the
 * TTL of its watching sets; it re-puts what Redis lost (a restart). Times in deadlines come from this process's
 * clock; servers keep clocks in step, and a skew only shortens or lengthens a dead server's devices' life by as much.
 */
public final class RedisPresenceStore implements PresenceStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisPresenceStore.class);
    private static final LuaScript PUT = new LuaScript("presence-put");
    private static final LuaScript REMOVE = new LuaScript("presence-remove");
    /** The watchers hash of a user outlives its last change by this long; dead entries are dropped when read. */
    private static final Duration WATCHERS_TTL = Duration.ofDays(1);

    /**
     * How long presence outlives the server that wrote it.
     *
     * @param ttl how long a device (or a watch) stays without a refresh: about how long the devices of a dead server
     *     still show as connected
     * @param refreshEvery how often this process refreshes what it put; at most a third of {@code ttl}
     * @param lastSeenTtl how long a user's last-seen time is kept after their last disconnect
     */
    public record Settings(Duration ttl, Duration refreshEvery, Duration lastSeenTtl) {
        public Settings {
            requireNonNull(ttl, "ttl");
            requireNonNull(refreshEvery, "refreshEvery");
            requireNonNull(lastSeenTtl, "lastSeenTtl");
            if (refreshEvery.toMillis() < 1 || refreshEvery.multipliedBy(3).compareTo(ttl) > 0) {
                throw new IllegalArgumentException("presence.refresh-every: " + refreshEvery
                        + " (expected: >= 1ms and <= presence.ttl / 3, " + ttl.dividedBy(3) + ")");
            }
            if (lastSeenTtl.compareTo(ttl) < 0) {
                throw new IllegalArgumentException("presence.last-seen-ttl: " + lastSeenTtl
                        + " (expected: >= presence.ttl, " + ttl + ")");
            }
        }

        /** Devices of a dead server vanish within a minute; last seen is kept 30 days. */
        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(60), Duration.ofSeconds(20), Duration.ofDays(30));
        }
    }

    private record DeviceKey(long userId, long deviceId) {}

    private record Watching(long userId, Set<Long> watched) {}

    private final SharedRedis redis;
    private final Clock clock;
    private final Settings settings;
    private final Map<DeviceKey, String> ownDevices = new ConcurrentHashMap<>();
    private final Map<Long, Watching> ownWatching = new ConcurrentHashMap<>();
    private final ScheduledExecutorService refresher;

    public RedisPresenceStore(SharedRedis redis, Clock clock, Settings settings) {
        this.redis = requireNonNull(redis, "redis");
        this.clock = requireNonNull(clock, "clock");
        this.settings = requireNonNull(settings, "settings");
        this.refresher = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("presence-refresh").daemon(true).factory());
        long every = settings.refreshEvery().toMillis();
        refresher.scheduleWithFixedDelay(this::refreshQuietly, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void putDevice(long userId, DevicePresence device) {
        String state = device.status().name() + " " + device.lastActive().toEpochMilli();
        ownDevices.put(new DeviceKey(userId, device.deviceId()), state);
        PUT.run(redis.sync(), ScriptOutputType.INTEGER, new String[] {devicesKey(userId)},
                Long.toString(device.deviceId()), state, deadline(), ttl(), "0");
    }

    @Override
    public void removeDevice(long userId, long deviceId, Instant at) {
        ownDevices.remove(new DeviceKey(userId, deviceId));
        REMOVE.run(redis.sync(), ScriptOutputType.INTEGER, new String[] {devicesKey(userId), seenKey(userId)},
                Long.toString(deviceId), Long.toString(at.toEpochMilli()), Long.toString(clock.millis()),
                Long.toString(settings.lastSeenTtl().toMillis()));
    }

    @Override
    public List<DevicePresence> devices(long userId) {
        long now = clock.millis();
        List<DevicePresence> devices = new ArrayList<>();
        redis.sync().hgetall(devicesKey(userId)).forEach((device, value) -> {
            String[] parts = value.split(" ");
            if (Long.parseLong(parts[2]) > now) {
                devices.add(new DevicePresence(Long.parseLong(device), PresenceStatus.valueOf(parts[0]),
                        Instant.ofEpochMilli(Long.parseLong(parts[1]))));
            }
        });
        return devices;
    }

    @Override
    public @Nullable Instant lastSeen(long userId) {
        String seen = redis.sync().get(seenKey(userId));
        return seen == null ? null : Instant.ofEpochMilli(Long.parseLong(seen));
    }

    /**
     * Replaces what a device watches. Not atomic across users (they live in different slots); a device's watches
     * come from its one connection, one after another, which is all the order this needs.
     */
    @Override
    public void watch(long watcherUserId, long watcherDeviceId, Set<Long> watchedUserIds) {
        Set<Long> watched = Set.copyOf(watchedUserIds);
        String watchingKey = watchingKey(watcherDeviceId);
        String device = Long.toString(watcherDeviceId);
        Set<String> before = redis.sync().smembers(watchingKey);
        RedisAsyncCommands<String, String> async = redis.async();
        List<CompletableFuture<?>> sent = new ArrayList<>();
        for (String old : before) {
            if (!watched.contains(Long.parseLong(old))) {
                sent.add(async.hdel(watchersKey(Long.parseLong(old)), device).toCompletableFuture());
            }
        }
        for (long user : watched) {
            sent.add(async.hset(watchersKey(user), device, Long.toString(watcherUserId)).toCompletableFuture());
            sent.add(async.pexpire(watchersKey(user), WATCHERS_TTL).toCompletableFuture());
        }
        sent.add(async.del(watchingKey).toCompletableFuture());
        if (!watched.isEmpty()) {
            sent.add(async.sadd(watchingKey, watched.stream().map(String::valueOf).toArray(String[]::new))
                    .toCompletableFuture());
            sent.add(async.pexpire(watchingKey, settings.ttl()).toCompletableFuture());
            ownWatching.put(watcherDeviceId, new Watching(watcherUserId, watched));
        } else {
            ownWatching.remove(watcherDeviceId);
        }
        await(sent);
    }

    @Override
    public Set<Long> watchers(long userId) {
        Map<String, String> entries = redis.sync().hgetall(watchersKey(userId));
        if (entries.isEmpty()) {
            return Set.of();
        }
        RedisAsyncCommands<String, String> async = redis.async();
        List<Map.Entry<String, String>> watching = List.copyOf(entries.entrySet());
        List<CompletableFuture<Long>> alive = watching.stream()
                .map(entry -> async.exists(watchingKey(Long.parseLong(entry.getKey()))).toCompletableFuture())
                .toList();
        await(List.copyOf(alive));
        Set<Long> watchers = new HashSet<>();
        List<String> dead = new ArrayList<>();
        for (int i = 0; i < watching.size(); i++) {
            if (alive.get(i).join() == 1) {
                watchers.add(Long.parseLong(watching.get(i).getValue()));
            } else {
                dead.add(watching.get(i).getKey());
            }
        }
        if (!dead.isEmpty()) {
            async.hdel(watchersKey(userId), dead.toArray(String[]::new));
        }
        return watchers;
    }

    /** Refreshes what this process put; runs on the refresher thread. Visible for tests. */
    void refresh() {
        RedisAsyncCommands<String, String> async = redis.async();
        List<CompletableFuture<?>> sent = new ArrayList<>();
        String deadline = deadline();
        ownDevices.forEach((device, state) -> sent.add(PUT.<Long>runAsync(async, ScriptOutputType.INTEGER,
                        new String[] {devicesKey(device.userId())}, Long.toString(device.deviceId()), state, deadline,
                        ttl(), "1")
                .thenAccept(present -> {
                    if (present == 0 && state.equals(ownDevices.get(device))) {
                        // Redis lost it (a restart): put it back as this process knows it.
                        PUT.runAsync(async, ScriptOutputType.INTEGER, new String[] {devicesKey(device.userId())},
                                Long.toString(device.deviceId()), state, deadline, ttl(), "0");
                    }
                })));
        ownWatching.forEach((device, watching) -> sent.add(async.pexpire(watchingKey(device), settings.ttl())
                .toCompletableFuture()
                .thenAccept(present -> {
                    if (!present && watching.equals(ownWatching.get(device))) {
                        refresher.execute(() -> watch(watching.userId(), device, watching.watched()));
                    }
                })));
        await(sent);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // Redis is down or slow; the next refresh tries again, well within the TTL.
            log.warn("presence refresh failed ({} devices, {} watching): {}", ownDevices.size(), ownWatching.size(),
                    e.toString());
        }
    }

    private void await(List<CompletableFuture<?>> sent) {
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
                .orTimeout(redis.settings().timeout().toMillis(), TimeUnit.MILLISECONDS)
                .join();
    }

    private String deadline() {
        return Long.toString(clock.millis() + settings.ttl().toMillis());
    }

    private String ttl() {
        return Long.toString(settings.ttl().toMillis());
    }

    private String devicesKey(long userId) {
        return redis.key("presence:{u:" + userId + "}:devices");
    }

    private String seenKey(long userId) {
        return redis.key("presence:{u:" + userId + "}:seen");
    }

    private String watchersKey(long userId) {
        return redis.key("presence:{u:" + userId + "}:watchers");
    }

    private String watchingKey(long deviceId) {
        return redis.key("presence:{w:" + deviceId + "}:watching");
    }

    /**
     * Stops refreshing. What this process put stays until it expires: a server that shuts down cleanly has already
     * removed its devices as their connections closed.
     */
    @Override
    public void close() {
        refresher.shutdownNow();
    }
}
