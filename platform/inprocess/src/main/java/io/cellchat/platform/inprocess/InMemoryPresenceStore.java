package io.cellchat.platform.inprocess;

import io.cellchat.domain.presence.DevicePresence;
import io.cellchat.domain.presence.PresenceStore;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** Presence state of the single process, in memory; it starts empty after a restart, as presence should. */
public final class InMemoryPresenceStore implements PresenceStore {

    private final Map<Long, Map<Long, DevicePresence>> devices = new ConcurrentHashMap<>();
    private final Map<Long, Instant> lastSeen = new ConcurrentHashMap<>();
    /** watched user → watcher device → watcher user. */
    private final Map<Long, Map<Long, Long>> watchers = new ConcurrentHashMap<>();
    /** watcher device → watched users, to replace a device's set. */
    private final Map<Long, Set<Long>> watching = new ConcurrentHashMap<>();

    @Override
    public void putDevice(long userId, DevicePresence device) {
        // Inside compute, so a concurrent removal of the user's last device cannot drop this one.
        devices.compute(userId, (user, byDevice) -> {
            Map<Long, DevicePresence> map = byDevice == null ? new ConcurrentHashMap<>() : byDevice;
            map.put(device.deviceId(), device);
            return map;
        });
    }

    @Override
    public void removeDevice(long userId, long deviceId, Instant at) {
        devices.compute(userId, (user, byDevice) -> {
            if (byDevice != null) {
                byDevice.remove(deviceId);
                if (!byDevice.isEmpty()) {
                    return byDevice;
                }
            }
            lastSeen.merge(userId, at, (a, b) -> a.isAfter(b) ? a : b);
            return null;
        });
    }

    @Override
    public List<DevicePresence> devices(long userId) {
        return List.copyOf(devices.getOrDefault(userId, Map.of()).values());
    }

    @Override
    public @Nullable Instant lastSeen(long userId) {
        return lastSeen.get(userId);
    }

    @Override
    public synchronized void watch(long watcherUserId, long watcherDeviceId, Set<Long> watchedUserIds) {
        for (long old : watching.getOrDefault(watcherDeviceId, Set.of())) {
            watchers.computeIfPresent(old, (user, byDevice) -> {
                byDevice.remove(watcherDeviceId);
                return byDevice.isEmpty() ? null : byDevice;
            });
        }
        if (watchedUserIds.isEmpty()) {
            watching.remove(watcherDeviceId);
            return;
        }
        watching.put(watcherDeviceId, Set.copyOf(watchedUserIds));
        for (long watched : watchedUserIds) {
            watchers.computeIfAbsent(watched, u -> new ConcurrentHashMap<>()).put(watcherDeviceId, watcherUserId);
        }
    }

    @Override
    public Set<Long> watchers(long userId) {
        return new HashSet<>(watchers.getOrDefault(userId, Map.of()).values());
    }
}
