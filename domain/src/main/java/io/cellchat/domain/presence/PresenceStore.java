package io.cellchat.domain.presence;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Port: ephemeral presence state, shared by the servers of a cell. Nothing here is durable: after a restart every
 * device reconnects and reports again.
 *
 * <ul>
 *   <li>Embedded: in memory.</li>
 *   <li>Distributed: Redis hashes with TTLs refreshed by heartbeats.</li>
 * </ul>
 */
public interface PresenceStore {

    /** Records a connected device's state (connect, status change, activity). */
    void putDevice(long userId, DevicePresence device);

    /** Forgets a device that disconnected; the user was last seen at {@code at} if it was their last device. */
    void removeDevice(long userId, long deviceId, Instant at);

    List<DevicePresence> devices(long userId);

    /** When the user was last seen, or {@code null}. */
    @Nullable Instant lastSeen(long userId);

    /** Replaces what one device watches. */
    void watch(long watcherUserId, long watcherDeviceId, Set<Long> watchedUserIds);

    /** The users with at least one device watching {@code userId}. */
    Set<Long> watchers(long userId);
}
