package io.cellchat.domain.presence;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One connected device's own view: the status it set (ONLINE, AWAY or BUSY) and when its user last did something
 * on it (a heartbeat is not activity).
 */
public record DevicePresence(long deviceId, PresenceStatus status, Instant lastActive) {

    public DevicePresence {
        requireNonNull(status, "status");
        requireNonNull(lastActive, "lastActive");
        if (status == PresenceStatus.OFFLINE) {
            throw new IllegalArgumentException("status: OFFLINE (expected: a connected device is ONLINE, AWAY or BUSY)");
        }
    }
}
