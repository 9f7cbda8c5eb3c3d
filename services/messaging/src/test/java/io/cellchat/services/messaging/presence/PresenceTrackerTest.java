package io.cellchat.services.messaging.presence;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.presence.DevicePresence;
import io.cellchat.domain.presence.PresenceRules;
import io.cellchat.domain.presence.PresenceStatus;
import io.cellchat.domain.presence.PresenceStore;
import io.cellchat.domain.social.Authorization;
import io.cellchat.domain.social.SocialGraph;
import io.cellchat.domain.social.Tie;
import io.cellchat.platform.inprocess.InMemoryPresenceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Map;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Activity bookkeeping: activity of an online device moments after the last is absorbed without touching the store,
 * and everything that changes the device (status, reconnect) or time passing the granularity still reaches it.
 */
class PresenceTrackerTest {

    private static final long ALICE = 1;
    private static final long PHONE = 11;
    private static final long BOB = 2;

    private Instant now = Instant.parse("2026-12-05T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    };
    private final CountingStore store = new CountingStore();
    private final List<Delivery> published = new ArrayList<>();
    private final EventBus bus = new EventBus() {
        @Override
        public void publish(Delivery delivery) {
            published.add(delivery);
        }

        @Override
        public Subscription subscribe(Consumer<Delivery> subscriber) {
            return () -> { };
        }
    };
    // away after 60 s: activity is recorded at most every 10 s
    // Everyone has talked to everyone (so every watcher may see presence), and changes are published at once.
    private final Authorization everyoneTalked = new Authorization(new SocialGraph() {
        @Override
        public Map<Long, Tie> ties(long viewer, Collection<Long> subjects) {
            return Map.of();
        }

        @Override
        public Map<Long, Tie> audience(long subject, Collection<Long> viewers) {
            return Map.of();
        }
    }, (a, b) -> true);
    private final PresenceTracker tracker = new PresenceTracker(store, new PresenceRules(Duration.ofSeconds(60)), bus,
            clock, everyoneTalked, Runnable::run);

    @Test
    void should_not_touch_the_store_for_activity_within_the_granularity() {
        tracker.connected(ALICE, PHONE);
        tracker.active(ALICE, PHONE);
        int reads = store.deviceReads;

        for (int i = 0; i < 100; i++) {
            now = now.plusMillis(50);
            tracker.active(ALICE, PHONE);
        }

        assertThat(store.deviceReads).isEqualTo(reads);
        assertThat(store.puts).isEqualTo(1);
    }

    @Test
    void should_record_activity_again_once_the_granularity_passed() {
        tracker.connected(ALICE, PHONE);
        tracker.active(ALICE, PHONE);

        now = now.plusSeconds(11);
        tracker.active(ALICE, PHONE);

        assertThat(store.puts).isEqualTo(2);
        assertThat(store.devices(ALICE)).containsExactly(new DevicePresence(PHONE, PresenceStatus.ONLINE, now));
    }

    @Test
    void should_bring_an_away_device_back_online_on_its_next_activity() {
        tracker.connected(ALICE, PHONE);
        store.watch(BOB, 22, Set.of(ALICE));
        tracker.active(ALICE, PHONE);
        tracker.setStatus(ALICE, PHONE, PresenceStatus.AWAY);

        now = now.plusSeconds(1);
        tracker.active(ALICE, PHONE);

        assertThat(tracker.presence(ALICE).status()).isEqualTo(PresenceStatus.ONLINE);
        assertThat(published).extracting(delivery -> ((Push.PresenceChanged) delivery.push()).presence().status())
                .containsExactly(PresenceStatus.AWAY, PresenceStatus.ONLINE);
    }

    @Test
    void should_record_activity_of_a_device_that_reconnected() {
        tracker.connected(ALICE, PHONE);
        tracker.active(ALICE, PHONE);
        tracker.disconnected(ALICE, PHONE);
        now = now.plusSeconds(1);
        tracker.connected(ALICE, PHONE);
        int puts = store.puts;

        now = now.plusSeconds(1);
        tracker.active(ALICE, PHONE);

        assertThat(store.puts).as("within the granularity of the reconnect: nothing to record").isEqualTo(puts);
        assertThat(tracker.presence(ALICE).status()).isEqualTo(PresenceStatus.ONLINE);
    }

    /** The in-memory store, counting what the tracker asks of it. */
    private static final class CountingStore implements PresenceStore {
        private final InMemoryPresenceStore store = new InMemoryPresenceStore();
        int puts;
        int deviceReads;

        @Override
        public void putDevice(long userId, DevicePresence device) {
            puts++;
            store.putDevice(userId, device);
        }

        @Override
        public void removeDevice(long userId, long deviceId, Instant at) {
            store.removeDevice(userId, deviceId, at);
        }

        @Override
        public List<DevicePresence> devices(long userId) {
            deviceReads++;
            return store.devices(userId);
        }

        @Override
        public @Nullable Instant lastSeen(long userId) {
            return store.lastSeen(userId);
        }

        @Override
        public void watch(long watcherUserId, long watcherDeviceId, Set<Long> watchedUserIds) {
            store.watch(watcherUserId, watcherDeviceId, watchedUserIds);
        }

        @Override
        public Set<Long> watchers(long userId) {
            return store.watchers(userId);
        }
    }
}
