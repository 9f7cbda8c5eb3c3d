package io.cellchat.services.messaging.presence;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.presence.DevicePresence;
import io.cellchat.domain.presence.Presence;
import io.cellchat.domain.presence.PresenceRules;
import io.cellchat.domain.presence.PresenceStatus;
import io.cellchat.domain.presence.PresenceStore;
import io.cellchat.domain.social.Authorization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * Keeps each user's presence from their devices' reports and tells the users who watch them when it changes.
 *
 * <p>A device is ONLINE when it connects, stays so while its user is active (commands, typing), and shows AWAY
 * after {@code presence.away-after} without activity; the client may also set AWAY (tab hidden) or BUSY. Heartbeats
 * are not activity. {@link #sweep} runs periodically to notice devices that went idle. The last-seen time is when
 * the user's last device disconnected.
 *
 * <p>Who sees what is {@link Authorization}'s answer (rules 5 and 6 of docs/protocol.md, "Authorization"): a watch
 * snapshot shows each user as the watcher may see them ({@code HIDDEN} for strangers and blockers), and a change is
 * pushed only to the watchers allowed to see it, without the last-seen time to those the subject's setting keeps
 * from it. Deciding reads the users store, so changes are published on {@code publisher}, which must run tasks one
 * at a time in order (two changes of one user must not overtake each other).
 */
public final class PresenceTracker {

    /** Activity more often than this does not rewrite the store (unless the user shows as away). */
    private static final Duration ACTIVITY_GRANULARITY = Duration.ofSeconds(10);

    private final PresenceStore store;
    private final PresenceRules rules;
    private final EventBus bus;
    private final Clock clock;
    private final Authorization authorization;
    private final Executor publisher;
    private final Map<Long, Presence> published = new ConcurrentHashMap<>();
    /**
     * Per device, until when further activity changes nothing (the device is ONLINE and was marked active less than
     * the granularity ago): commands then skip the store. Only this tracker changes a device's entry, and every such
     * change drops this one.
     */
    private final Map<Long, Instant> quietUntil = new ConcurrentHashMap<>();
    private final Duration granularity;

    public PresenceTracker(PresenceStore store, PresenceRules rules, EventBus bus, Clock clock,
            Authorization authorization, Executor publisher) {
        this.store = requireNonNull(store, "store");
        this.authorization = requireNonNull(authorization, "authorization");
        this.publisher = requireNonNull(publisher, "publisher");
        this.rules = requireNonNull(rules, "rules");
        this.bus = requireNonNull(bus, "bus");
        this.clock = requireNonNull(clock, "clock");
        Duration quarter = rules.awayAfter().dividedBy(4);
        this.granularity = quarter.compareTo(ACTIVITY_GRANULARITY) < 0 ? quarter : ACTIVITY_GRANULARITY;
    }

    public void connected(long userId, long deviceId) {
        quietUntil.remove(deviceId);
        store.putDevice(userId, new DevicePresence(deviceId, PresenceStatus.ONLINE, clock.instant()));
        publishIfChanged(userId);
    }

    public void disconnected(long userId, long deviceId) {
        quietUntil.remove(deviceId);
        store.removeDevice(userId, deviceId, clock.instant());
        store.watch(userId, deviceId, Set.of());
        publishIfChanged(userId);
    }

    /**
     * The user did something on this device. Called for every command, so the common case (an online device active
     * moments ago) is two map lookups: see {@link #quietUntil}.
     */
    public void active(long userId, long deviceId) {
        Instant now = clock.instant();
        Presence shown = published.get(userId);
        boolean shownOnline = shown != null && shown.status() == PresenceStatus.ONLINE;
        Instant quiet = quietUntil.get(deviceId);
        if (shownOnline && quiet != null && now.isBefore(quiet)) {
            return;
        }
        DevicePresence current = device(userId, deviceId);
        if (current == null) {
            return;
        }
        if (current.status() == PresenceStatus.ONLINE && shownOnline
                && current.lastActive().plus(granularity).isAfter(now)) {
            quietUntil.put(deviceId, current.lastActive().plus(granularity));
            return;
        }
        PresenceStatus status = current.status() == PresenceStatus.BUSY ? PresenceStatus.BUSY : PresenceStatus.ONLINE;
        quietUntil.remove(deviceId);
        store.putDevice(userId, new DevicePresence(deviceId, status, now));
        publishIfChanged(userId);
    }

    /** The client set ONLINE, AWAY or BUSY. */
    public void setStatus(long userId, long deviceId, PresenceStatus status) {
        if (status == PresenceStatus.OFFLINE) {
            throw new IllegalArgumentException("status: OFFLINE (expected: ONLINE, AWAY or BUSY; disconnect to go offline)");
        }
        quietUntil.remove(deviceId);
        store.putDevice(userId, new DevicePresence(deviceId, status, clock.instant()));
        publishIfChanged(userId);
    }

    public Presence presence(long userId) {
        return rules.presence(userId, store.devices(userId), store.lastSeen(userId), clock.instant());
    }

    /**
     * Replaces what a device watches and returns the watched users' presence now, as the watcher may see it. Reads
     * the users store: call it off the event loop.
     */
    public List<Presence> watch(long userId, long deviceId, Collection<Long> watched) {
        store.watch(userId, deviceId, Set.copyOf(watched));
        return authorization.presenceFor(userId, watched.stream().distinct().map(this::presence).toList());
    }

    /** Publishes the changes that time alone made (devices gone idle). */
    public void sweep() {
        for (Long userId : List.copyOf(published.keySet())) {
            publishIfChanged(userId);
        }
    }

    private @Nullable DevicePresence device(long userId, long deviceId) {
        return store.devices(userId).stream().filter(d -> d.deviceId() == deviceId).findFirst().orElse(null);
    }

    private void publishIfChanged(long userId) {
        Presence now = presence(userId);
        Presence before = published.put(userId, now);
        if (now.status() == PresenceStatus.OFFLINE) {
            published.remove(userId);
        }
        if (before != null && before.status() == now.status()) {
            return;
        }
        if (before == null && now.status() == PresenceStatus.OFFLINE) {
            return;
        }
        Set<Long> watchers = store.watchers(userId);
        if (!watchers.isEmpty()) {
            try {
                publisher.execute(() -> publish(now, watchers));
            } catch (RejectedExecutionException stopping) {
                // the server is shutting down: its clients reconnect elsewhere and watch again
            }
        }
    }

    private void publish(Presence presence, Set<Long> watchers) {
        Authorization.PresenceAudience audience = authorization.presenceAudience(presence.userId(), watchers);
        if (!audience.withLastSeen().isEmpty()) {
            bus.publish(new Delivery(audience.withLastSeen(), new Push.PresenceChanged(presence)));
        }
        if (!audience.statusOnly().isEmpty()) {
            bus.publish(new Delivery(audience.statusOnly(),
                    new Push.PresenceChanged(new Presence(presence.userId(), presence.status(), null))));
        }
    }
}
