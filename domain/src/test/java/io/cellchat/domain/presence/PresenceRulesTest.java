package io.cellchat.domain.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PresenceRulesTest {

    private static final long USER = 7;
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    private static final Duration AWAY_AFTER = Duration.ofMinutes(5);

    private final PresenceRules rules = new PresenceRules(AWAY_AFTER);

    private static DevicePresence device(long id, PresenceStatus status, Duration idleFor) {
        return new DevicePresence(id, status, NOW.minus(idleFor));
    }

    private Presence presence(DevicePresence... devices) {
        return rules.presence(USER, List.of(devices), NOW.minus(Duration.ofDays(3)), NOW);
    }

    @Test
    void should_be_offline_with_the_last_seen_time_when_no_device_is_connected() {
        Instant lastSeen = NOW.minus(Duration.ofHours(2));

        assertThat(rules.presence(USER, List.of(), lastSeen, NOW))
                .isEqualTo(new Presence(USER, PresenceStatus.OFFLINE, lastSeen));
    }

    @Test
    void should_be_offline_without_a_last_seen_time_for_a_user_never_seen() {
        assertThat(rules.presence(USER, List.of(), null, NOW))
                .isEqualTo(new Presence(USER, PresenceStatus.OFFLINE, null));
    }

    @Test
    void should_be_busy_when_any_device_is_set_busy_even_if_another_is_active() {
        Presence presence = presence(device(1, PresenceStatus.ONLINE, Duration.ZERO),
                device(2, PresenceStatus.BUSY, Duration.ofHours(1)));

        assertThat(presence).isEqualTo(new Presence(USER, PresenceStatus.BUSY, NOW));
    }

    @Test
    void should_be_online_when_an_online_device_was_active_within_away_after() {
        assertThat(presence(device(1, PresenceStatus.ONLINE, Duration.ofMinutes(4))).status())
                .isEqualTo(PresenceStatus.ONLINE);
        assertThat(presence(device(1, PresenceStatus.ONLINE, AWAY_AFTER)).status())
                .as("active exactly away-after ago is still within it")
                .isEqualTo(PresenceStatus.ONLINE);
    }

    @Test
    void should_be_away_when_every_online_device_is_idle_beyond_away_after() {
        Presence presence = presence(device(1, PresenceStatus.ONLINE, AWAY_AFTER.plusMillis(1)),
                device(2, PresenceStatus.ONLINE, Duration.ofHours(1)));

        assertThat(presence).isEqualTo(new Presence(USER, PresenceStatus.AWAY, NOW.minus(AWAY_AFTER.plusMillis(1))));
    }

    @Test
    void should_be_away_when_the_only_device_is_set_away_even_if_just_active() {
        assertThat(presence(device(1, PresenceStatus.AWAY, Duration.ZERO)))
                .isEqualTo(new Presence(USER, PresenceStatus.AWAY, NOW));
    }

    @Test
    void should_be_online_when_one_device_is_away_and_another_is_online_and_active() {
        assertThat(presence(device(1, PresenceStatus.AWAY, Duration.ZERO),
                device(2, PresenceStatus.ONLINE, Duration.ofMinutes(1))).status())
                .isEqualTo(PresenceStatus.ONLINE);
    }

    @Test
    void should_report_the_latest_activity_of_any_device_as_last_seen_of_a_connected_user() {
        Instant stored = NOW.minus(Duration.ofSeconds(1));
        List<DevicePresence> devices = List.of(device(1, PresenceStatus.ONLINE, Duration.ofMinutes(30)),
                device(2, PresenceStatus.AWAY, Duration.ofMinutes(10)),
                device(3, PresenceStatus.ONLINE, Duration.ofMinutes(20)));

        Presence presence = rules.presence(USER, devices, stored, NOW);

        assertThat(presence).isEqualTo(new Presence(USER, PresenceStatus.AWAY, NOW.minus(Duration.ofMinutes(10))));
    }

    @Test
    void should_refuse_a_zero_or_negative_away_after() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PresenceRules(Duration.ZERO))
                .withMessage("presence.away-after: PT0S (expected: > 0)");
        assertThatIllegalArgumentException().isThrownBy(() -> new PresenceRules(Duration.ofSeconds(-1)))
                .withMessage("presence.away-after: PT-1S (expected: > 0)");
        assertThatNullPointerException().isThrownBy(() -> new PresenceRules(null));
        assertThat(new PresenceRules(Duration.ofNanos(1)).awayAfter()).isEqualTo(Duration.ofNanos(1));
    }

    @Test
    void should_refuse_a_connected_device_that_claims_to_be_offline() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DevicePresence(1, PresenceStatus.OFFLINE, NOW))
                .withMessageContaining("OFFLINE");
    }
}
