package io.cellchat.domain.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GcraTest {

    private static final RateLimit FIVE_PER_MINUTE_BURST_3 = new RateLimit("login.account", 5, Duration.ofMinutes(1), 3);
    private static final long SECOND = 1_000_000;

    @Test
    void should_allow_a_burst_then_one_permit_per_interval() {
        long now = 1_000 * SECOND;
        long tat = 0;
        for (int i = 0; i < 3; i++) {
            Gcra.Step step = Gcra.step(FIVE_PER_MINUTE_BURST_3, tat, now);
            assertThat(step.verdict().allowed()).as("request %s of the burst", i + 1).isTrue();
            tat = step.tatMicros();
        }

        Gcra.Step refused = Gcra.step(FIVE_PER_MINUTE_BURST_3, tat, now);

        assertThat(refused.verdict().allowed()).isFalse();
        assertThat(refused.verdict().retryAfter()).isEqualTo(Duration.ofSeconds(12));
        assertThat(refused.tatMicros()).as("a refusal costs nothing").isEqualTo(tat);
        assertThat(Gcra.step(FIVE_PER_MINUTE_BURST_3, tat, now + 12 * SECOND - 1).verdict().allowed()).isFalse();
        assertThat(Gcra.step(FIVE_PER_MINUTE_BURST_3, tat, now + 12 * SECOND).verdict().allowed()).isTrue();
    }

    @Test
    void should_refill_the_whole_burst_after_a_quiet_period() {
        long now = 1_000 * SECOND;
        long tat = 0;
        for (int i = 0; i < 3; i++) {
            tat = Gcra.step(FIVE_PER_MINUTE_BURST_3, tat, now).tatMicros();
        }
        long later = now + 36 * SECOND;
        for (int i = 0; i < 3; i++) {
            Gcra.Step step = Gcra.step(FIVE_PER_MINUTE_BURST_3, tat, later);
            assertThat(step.verdict().allowed()).isTrue();
            tat = step.tatMicros();
        }
        assertThat(Gcra.step(FIVE_PER_MINUTE_BURST_3, tat, later).verdict().allowed()).isFalse();
    }

    @Test
    void should_refuse_limits_that_name_no_rate() {
        assertThatThrownBy(() -> new RateLimit("Login", 5, Duration.ofMinutes(1), 3))
                .hasMessage("rate limit name: 'Login' (expected: 1..64 of a-z, 0-9, '.', '-', '_')");
        assertThatThrownBy(() -> new RateLimit("login", 0, Duration.ofMinutes(1), 3))
                .hasMessage("login permits: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new RateLimit("login", 5, Duration.ofMinutes(1), 0))
                .hasMessage("login burst: 0 (expected: >= 1)");
        assertThatThrownBy(() -> RateLimits.checkSubject(""))
                .hasMessage("rate limit subject: '' (expected: 1..200 characters)");
    }
}
