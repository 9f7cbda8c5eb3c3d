package io.cellchat.domain.presence;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * How a user's devices add up to one presence:
 * <ol>
 *   <li>no device connected: OFFLINE, with the last-seen time;</li>
 *   <li>any device set BUSY: BUSY (a deliberate "do not disturb" wins);</li>
 *   <li>any device ONLINE and active within {@code awayAfter}: ONLINE;</li>
 *   <li>otherwise: AWAY (connected but idle, or set AWAY by the client).</li>
 * </ol>
 */
public final class PresenceRules {

    private final Duration awayAfter;

    public PresenceRules(Duration awayAfter) {
        this.awayAfter = requireNonNull(awayAfter, "awayAfter");
        if (awayAfter.isNegative() || awayAfter.isZero()) {
            throw new IllegalArgumentException("presence.away-after: " + awayAfter + " (expected: > 0)");
        }
    }

    public Duration awayAfter() {
        return awayAfter;
    }

    public Presence presence(long userId, Collection<DevicePresence> devices, @Nullable Instant lastSeen,
            Instant now) {
        if (devices.isEmpty()) {
            return new Presence(userId, PresenceStatus.OFFLINE, lastSeen);
        }
        Instant latest = devices.stream().map(DevicePresence::lastActive).max(Instant::compareTo).orElseThrow();
        if (devices.stream().anyMatch(d -> d.status() == PresenceStatus.BUSY)) {
            return new Presence(userId, PresenceStatus.BUSY, latest);
        }
        boolean active = devices.stream().anyMatch(d -> d.status() == PresenceStatus.ONLINE
                && !d.lastActive().plus(awayAfter).isBefore(now));
        return new Presence(userId, active ? PresenceStatus.ONLINE : PresenceStatus.AWAY, latest);
    }
}
