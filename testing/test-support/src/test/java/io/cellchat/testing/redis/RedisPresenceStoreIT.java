package io.cellchat.testing.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cellchat.domain.presence.DevicePresence;
import io.cellchat.domain.presence.PresenceStatus;
import io.cellchat.domain.presence.PresenceStore;
import io.cellchat.platform.redis.RedisPresenceStore;
import io.cellchat.platform.redis.SharedRedis;
import io.cellchat.testing.contracts.PresenceStoreContract;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.RedisNamespace;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The presence contract on the real Redis, and what only a shared store has to show: the devices and watches of a
 * server that stopped (crashed) vanish after the TTL, while those of a live server stay as long as it runs.
 */
@EngineTest
class RedisPresenceStoreIT extends PresenceStoreContract {

    /** For what must vanish soon: entries of a server that stopped refreshing, gone 900 ms after its last refresh. */
    private static final RedisPresenceStore.Settings SHORT = new RedisPresenceStore.Settings(
            Duration.ofMillis(900), Duration.ofMillis(300), Duration.ofDays(1));
    /**
     * For what must stay: refreshed every 300 ms, they expire only if a refresh is 2.7 s late (with SHORT, a refresh
     * 600 ms late on a loaded machine would let them expire while their server is alive).
     */
    private static final RedisPresenceStore.Settings KEPT = new RedisPresenceStore.Settings(
            Duration.ofSeconds(3), Duration.ofMillis(300), Duration.ofDays(1));

    private final RedisNamespace namespace;
    private SharedRedis redis;
    private RedisPresenceStore presence;

    RedisPresenceStoreIT(RedisNamespace namespace) {
        this.namespace = namespace;
    }

    @Override
    protected PresenceStore openStore() {
        redis = SharedRedis.open(namespace.settings());
        presence = new RedisPresenceStore(redis, Clock.systemUTC(), RedisPresenceStore.Settings.defaults());
        return presence;
    }

    @Override
    protected void closeStore() {
        presence.close();
        redis.close();
    }

    @Test
    void should_forget_the_devices_and_watches_of_a_server_that_stopped_refreshing() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RedisPresenceStore crashed = new RedisPresenceStore(redis, Clock.systemUTC(), SHORT);
        RedisPresenceStore survivor = new RedisPresenceStore(redis, Clock.systemUTC(), KEPT);
        try {
            crashed.putDevice(user(1), new DevicePresence(device(1), PresenceStatus.ONLINE, now));
            crashed.watch(user(1), device(1), Set.of(user(9)));
            survivor.putDevice(user(1), new DevicePresence(device(2), PresenceStatus.BUSY, now));
            survivor.watch(user(1), device(2), Set.of(user(8)));
            assertThat(store.devices(user(1))).hasSize(2);

            crashed.close();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(store.devices(user(1))).extracting(DevicePresence::deviceId).containsExactly(device(2));
                assertThat(store.watchers(user(9))).isEmpty();
            });
            assertThat(store.watchers(user(8))).containsExactly(user(1));
        } finally {
            survivor.close();
        }
    }

    @Test
    void should_keep_the_devices_of_a_live_server_beyond_the_ttl() throws InterruptedException {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RedisPresenceStore live = new RedisPresenceStore(redis, Clock.systemUTC(), KEPT);
        try {
            DevicePresence phone = new DevicePresence(device(1), PresenceStatus.AWAY, now);
            live.putDevice(user(1), phone);
            live.watch(user(1), device(1), Set.of(user(9)));

            Thread.sleep(KEPT.ttl().multipliedBy(2).toMillis());

            assertThat(store.devices(user(1))).containsExactly(phone);
            assertThat(store.watchers(user(9))).containsExactly(user(1));
        } finally {
            live.close();
        }
    }

    @Test
    void should_put_back_what_redis_lost_on_the_next_refresh() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RedisPresenceStore live = new RedisPresenceStore(redis, Clock.systemUTC(), SHORT);
        try {
            DevicePresence phone = new DevicePresence(device(1), PresenceStatus.ONLINE, now);
            live.putDevice(user(1), phone);
            live.watch(user(1), device(1), Set.of(user(9)));

            redis.sync().flushdb();

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(store.devices(user(1))).containsExactly(phone);
                assertThat(store.watchers(user(9))).containsExactly(user(1));
            });
        } finally {
            live.close();
        }
    }
}
