package io.cellchat.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellchat.domain.ratelimit.Gcra.Verdict;
import io.cellchat.domain.ratelimit.RateLimit;
import io.cellchat.domain.ratelimit.RateLimits;
import io.cellchat.testing.time.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the {@link RateLimits} port: a burst, then the sustained rate, per subject and per limit, with the
 * time to wait when refused; exact under concurrency. Time is a {@link ManualClock} the store reads (every adapter
 * takes the time from its process's clock, so that all servers apply one rule).
 *
 * <p>Subjects are random per test, so a store may be shared by the tests of a class.
 */
public abstract class RateLimitsContract {

    private static final RateLimit LOGIN = new RateLimit("login.account", 6, Duration.ofMinutes(1), 3);

    /** A store that reads time from {@code clock}. Called before each test. */
    protected abstract RateLimits openLimits(Clock clock) throws Exception;

    /** Releases what {@link #openLimits} took. Called after each test. */
    protected abstract void closeLimits() throws Exception;

    protected final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));
    protected RateLimits limits;
    private final String subject = "user-" + UUID.randomUUID();

    @BeforeEach
    final void openTheLimits() throws Exception {
        limits = openLimits(clock);
    }

    @AfterEach
    final void closeTheLimits() throws Exception {
        closeLimits();
    }

    @Test
    void should_allow_the_burst_then_refuse_with_the_time_until_the_next_permit() {
        for (int i = 0; i < 3; i++) {
            assertThat(limits.acquire(LOGIN, subject).allowed()).as("request %s of the burst", i + 1).isTrue();
        }

        Verdict refused = limits.acquire(LOGIN, subject);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void should_allow_again_once_the_retry_time_passed_and_not_before() {
        for (int i = 0; i < 3; i++) {
            limits.acquire(LOGIN, subject);
        }
        clock.advance(Duration.ofSeconds(9));
        assertThat(limits.acquire(LOGIN, subject).retryAfter()).isEqualTo(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));

        assertThat(limits.acquire(LOGIN, subject).allowed()).isTrue();
        assertThat(limits.acquire(LOGIN, subject).allowed()).isFalse();
    }

    @Test
    void should_refill_the_whole_burst_after_a_quiet_period() {
        for (int i = 0; i < 3; i++) {
            limits.acquire(LOGIN, subject);
        }

        clock.advance(Duration.ofMinutes(10));

        for (int i = 0; i < 3; i++) {
            assertThat(limits.acquire(LOGIN, subject).allowed()).isTrue();
        }
        assertThat(limits.acquire(LOGIN, subject).allowed()).isFalse();
    }

    @Test
    void should_keep_subjects_and_limits_apart() {
        RateLimit byAddress = new RateLimit("login.address", 6, Duration.ofMinutes(1), 3);
        for (int i = 0; i < 3; i++) {
            limits.acquire(LOGIN, subject);
        }

        assertThat(limits.acquire(LOGIN, subject + "-other").allowed()).isTrue();
        assertThat(limits.acquire(byAddress, subject).allowed()).isTrue();
        assertThat(limits.acquire(LOGIN, subject).allowed()).isFalse();
    }

    @Test
    void should_allow_exactly_the_burst_to_concurrent_requests() throws Exception {
        RateLimit burst20 = new RateLimit("register.address", 1, Duration.ofHours(1), 20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 80; i++) {
                answers.add(pool.submit(() -> {
                    go.await();
                    return limits.acquire(burst20, subject).allowed();
                }));
            }
            go.countDown();
        }
        int allowed = 0;
        for (Future<Boolean> answer : answers) {
            allowed += answer.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(20);
    }

    @Test
    void should_refuse_an_empty_or_overlong_subject() {
        assertThatThrownBy(() -> limits.acquire(LOGIN, ""))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rate limit subject: ''");
        assertThatThrownBy(() -> limits.acquire(LOGIN, "x".repeat(201)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
