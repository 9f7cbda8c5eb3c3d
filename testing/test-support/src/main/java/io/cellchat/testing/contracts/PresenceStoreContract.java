package io.cellchat.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.domain.presence.DevicePresence;
import io.cellchat.domain.presence.PresenceStatus;
import io.cellchat.domain.presence.PresenceStore;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the {@link PresenceStore} port: which devices of a user are connected and in what state, when a
 * user was last seen, and who watches whom.
 *
 * <p>Every test uses user and device IDs of its own (random), so a store may be shared by the tests of a class (a
 * Redis database) as well as opened fresh per test. Times are whole milliseconds, what a store may keep.
 */
public abstract class PresenceStoreContract {

    /** A store ready for use. Called before each test. */
    protected abstract PresenceStore openStore() throws Exception;

    /** Releases what {@link #openStore} took. Called after each test. */
    protected abstract void closeStore() throws Exception;

    protected PresenceStore store;
    private long idBase;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    final void openTheStore() throws Exception {
        idBase = ThreadLocalRandom.current().nextLong(1, 1L << 40) * 1_000_000;
        store = openStore();
    }

    @AfterEach
    final void closeTheStore() throws Exception {
        closeStore();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Devices and last seen
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_know_nothing_of_a_user_never_connected() {
        assertThat(store.devices(user(1))).isEmpty();
        assertThat(store.lastSeen(user(1))).isNull();
        assertThat(store.watchers(user(1))).isEmpty();
    }

    @Test
    void should_list_the_connected_devices_of_a_user() {
        DevicePresence phone = new DevicePresence(device(1), PresenceStatus.ONLINE, now);
        DevicePresence laptop = new DevicePresence(device(2), PresenceStatus.BUSY, now.minusSeconds(30));
        DevicePresence othersPhone = new DevicePresence(device(3), PresenceStatus.AWAY, now);

        store.putDevice(user(1), phone);
        store.putDevice(user(1), laptop);
        store.putDevice(user(2), othersPhone);

        assertThat(store.devices(user(1))).containsExactlyInAnyOrder(phone, laptop);
        assertThat(store.devices(user(2))).containsExactly(othersPhone);
        assertThat(store.lastSeen(user(1))).isNull();
    }

    @Test
    void should_replace_the_state_of_a_device_put_again() {
        store.putDevice(user(1), new DevicePresence(device(1), PresenceStatus.ONLINE, now.minusSeconds(60)));

        DevicePresence busy = new DevicePresence(device(1), PresenceStatus.BUSY, now);
        store.putDevice(user(1), busy);

        assertThat(store.devices(user(1))).containsExactly(busy);
    }

    @Test
    void should_forget_a_removed_device_and_keep_the_others() {
        DevicePresence phone = new DevicePresence(device(1), PresenceStatus.ONLINE, now);
        DevicePresence laptop = new DevicePresence(device(2), PresenceStatus.ONLINE, now);
        store.putDevice(user(1), phone);
        store.putDevice(user(1), laptop);

        store.removeDevice(user(1), device(1), now.plusSeconds(1));

        assertThat(store.devices(user(1))).containsExactly(laptop);
        assertThat(store.lastSeen(user(1))).as("last seen while a device is still connected").isNull();
    }

    @Test
    void should_set_last_seen_when_the_last_device_leaves() {
        store.putDevice(user(1), new DevicePresence(device(1), PresenceStatus.ONLINE, now));
        store.putDevice(user(1), new DevicePresence(device(2), PresenceStatus.ONLINE, now));
        store.removeDevice(user(1), device(1), now.plusSeconds(1));

        store.removeDevice(user(1), device(2), now.plusSeconds(2));

        assertThat(store.devices(user(1))).isEmpty();
        assertThat(store.lastSeen(user(1))).isEqualTo(now.plusSeconds(2));
    }

    @Test
    void should_keep_the_latest_last_seen() {
        store.putDevice(user(1), new DevicePresence(device(1), PresenceStatus.ONLINE, now));
        store.removeDevice(user(1), device(1), now.plusSeconds(10));
        store.putDevice(user(1), new DevicePresence(device(2), PresenceStatus.ONLINE, now));

        store.removeDevice(user(1), device(2), now.plusSeconds(5));

        assertThat(store.lastSeen(user(1))).as("a disconnect reported late does not move last seen back")
                .isEqualTo(now.plusSeconds(10));

        store.putDevice(user(1), new DevicePresence(device(3), PresenceStatus.ONLINE, now));
        store.removeDevice(user(1), device(3), now.plusSeconds(20));

        assertThat(store.lastSeen(user(1))).isEqualTo(now.plusSeconds(20));
    }

    @Test
    void should_keep_the_last_seen_of_each_user_apart() {
        store.putDevice(user(1), new DevicePresence(device(1), PresenceStatus.ONLINE, now));
        store.putDevice(user(2), new DevicePresence(device(2), PresenceStatus.ONLINE, now));

        store.removeDevice(user(1), device(1), now.plusSeconds(1));

        assertThat(store.lastSeen(user(1))).isEqualTo(now.plusSeconds(1));
        assertThat(store.lastSeen(user(2))).isNull();
        assertThat(store.devices(user(2))).hasSize(1);
    }

    @Test
    void should_keep_every_device_that_connects_while_others_disconnect() throws Exception {
        int rounds = 2_000;
        for (int round = 0; round < rounds; round++) {
            long user = user(1000 + round);
            long leaving = device(2L * round);
            long arriving = device(2L * round + 1);
            store.putDevice(user, new DevicePresence(leaving, PresenceStatus.ONLINE, now));
            DevicePresence arrived = new DevicePresence(arriving, PresenceStatus.ONLINE, now);

            runTogether(() -> store.removeDevice(user, leaving, now.plusSeconds(1)),
                    () -> store.putDevice(user, arrived));

            assertThat(store.devices(user)).as("devices of the user after round %s", round).containsExactly(arrived);
        }
    }

    @Test
    void should_keep_every_device_put_by_concurrent_connections() throws Exception {
        int threads = 8;
        int perThread = 100;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                work.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        store.putDevice(user(1), new DevicePresence(device(thread * perThread + i),
                                PresenceStatus.ONLINE, now));
                    }
                    return null;
                }));
            }
            start.countDown();
        }
        for (Future<?> future : work) {
            future.get(30, TimeUnit.SECONDS);
        }

        assertThat(store.devices(user(1))).hasSize(threads * perThread);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Watching
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_list_the_users_watching_a_user() {
        store.watch(user(1), device(11), Set.of(user(9), user(8)));
        store.watch(user(2), device(21), Set.of(user(9)));

        assertThat(store.watchers(user(9))).containsExactlyInAnyOrder(user(1), user(2));
        assertThat(store.watchers(user(8))).containsExactly(user(1));
        assertThat(store.watchers(user(7))).isEmpty();
    }

    @Test
    void should_replace_what_a_device_watches() {
        store.watch(user(1), device(11), Set.of(user(8), user(9)));

        store.watch(user(1), device(11), Set.of(user(9), user(7)));

        assertThat(store.watchers(user(8))).isEmpty();
        assertThat(store.watchers(user(9))).containsExactly(user(1));
        assertThat(store.watchers(user(7))).containsExactly(user(1));
    }

    @Test
    void should_count_a_user_as_watching_while_any_of_their_devices_does() {
        store.watch(user(1), device(11), Set.of(user(9)));
        store.watch(user(1), device(12), Set.of(user(9), user(8)));

        assertThat(store.watchers(user(9))).containsExactly(user(1));

        store.watch(user(1), device(11), Set.of());

        assertThat(store.watchers(user(9))).as("the second device still watches").containsExactly(user(1));
        assertThat(store.watchers(user(8))).containsExactly(user(1));

        store.watch(user(1), device(12), Set.of(user(8)));

        assertThat(store.watchers(user(9))).isEmpty();
        assertThat(store.watchers(user(8))).containsExactly(user(1));
    }

    @Test
    void should_stop_watching_with_an_empty_set() {
        store.watch(user(1), device(11), Set.of(user(9), user(8)));
        store.watch(user(2), device(21), Set.of(user(9)));

        store.watch(user(1), device(11), Set.of());

        assertThat(store.watchers(user(9))).containsExactly(user(2));
        assertThat(store.watchers(user(8))).isEmpty();

        store.watch(user(1), device(11), Set.of());

        assertThat(store.watchers(user(9))).containsExactly(user(2));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A user ID of this test. */
    protected long user(long n) {
        return idBase + n;
    }

    /** A device ID of this test. */
    protected long device(long n) {
        return idBase + 500_000 + n;
    }

    /** Runs both at once on two threads, started together, and waits for both. */
    private static void runTogether(Runnable first, Runnable second) throws Exception {
        CountDownLatch ready = new CountDownLatch(2);
        CountDownLatch go = new CountDownLatch(1);
        Thread a = Thread.ofPlatform().start(() -> awaitThen(ready, go, first));
        Thread b = Thread.ofPlatform().start(() -> awaitThen(ready, go, second));
        ready.await();
        go.countDown();
        a.join(Duration.ofSeconds(10));
        b.join(Duration.ofSeconds(10));
    }

    private static void awaitThen(CountDownLatch ready, CountDownLatch go, Runnable action) {
        ready.countDown();
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        action.run();
    }
}
