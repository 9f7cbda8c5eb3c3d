package io.cellchat.platform.observability.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.platform.observability.HealthCheck;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadinessTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @Test
    void should_count_a_probe_that_does_not_answer_in_time_as_down_without_waiting_for_it() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        HealthCheck hung = new HealthCheck("hung", () -> {
            started.incrementAndGet();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }, true, Duration.ofMillis(200));
        HealthCheck fine = new HealthCheck("fine", () -> true);
        try (Readiness readiness = new Readiness(List.of(hung, fine), Clock.systemUTC(), Duration.ofHours(1),
                Duration.ZERO, metrics)) {
            long begin = System.nanoTime();
            HealthReport report = readiness.report();
            HealthReport again = readiness.report();

            // Up to three rounds of 200 ms (the constructor's and two reports'); far from forever on a loaded machine.
            assertThat(Duration.ofNanos(System.nanoTime() - begin)).isLessThan(Duration.ofSeconds(5));
            assertThat(report.ready()).isFalse();
            assertThat(again.checks().getFirst().error()).isEqualTo("no answer within 200 ms");
            assertThat(again.checks().getFirst().latency()).isEqualTo(Duration.ofMillis(200));
            assertThat(again.checks().get(1).up()).isTrue();
            assertThat(started.get()).as("a stuck probe is not started again").isLessThanOrEqualTo(1);
            assertThat(metrics.get("cellchat.health.check.up").tag("check", "hung").gauge().value()).isZero();
            assertThat(metrics.get("cellchat.health.check.up").tag("check", "fine").gauge().value()).isEqualTo(1.0);
        } finally {
            never.countDown();
        }
    }

    @Test
    void should_list_the_checks_in_the_order_given_also_when_reusing_the_latest_results() throws Exception {
        List<String> order = List.of("sqlite", "history", "kafka", "redis", "cassandra", "postgres");
        // Checks of their own: a background round of the closed instance may still start its probes after close().
        try (Readiness fresh = new Readiness(counted(order, new AtomicInteger()), Clock.systemUTC(),
                Duration.ofHours(1), Duration.ZERO, new SimpleMeterRegistry())) {
            assertThat(fresh.report().checks()).extracting(CheckResult::name).containsExactlyElementsOf(order);
        }
        AtomicInteger probed = new AtomicInteger();
        try (Readiness readiness = new Readiness(counted(order, probed), Clock.systemUTC(), Duration.ofHours(1),
                Duration.ofHours(1), metrics)) {
            awaitFirstRound(order);
            int probesOfTheFirstRound = probed.get();
            HealthReport first = readiness.report();
            HealthReport reused = readiness.report();

            assertThat(first.checks()).extracting(CheckResult::name).containsExactlyElementsOf(order);
            assertThat(reused.checks()).extracting(CheckResult::name).containsExactlyElementsOf(order);
            assertThat(reused.checks().getFirst().checkedAt()).isEqualTo(first.checks().getFirst().checkedAt());
            assertThat(probed.get()).as("results younger than reuseFor are not probed again")
                    .isEqualTo(probesOfTheFirstRound).isEqualTo(order.size());
        }
    }

    /** Checks named {@code names}, each up, counting their probes in {@code probed}. */
    private static List<HealthCheck> counted(List<String> names, AtomicInteger probed) {
        return names.stream().map(name -> new HealthCheck(name, () -> probed.incrementAndGet() > 0)).toList();
    }

    /** Waits for the background round the constructor starts at once, so that no round runs during the test. */
    private void awaitFirstRound(List<String> names) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!names.stream().allMatch(name ->
                metrics.get("cellchat.health.check.up").tag("check", name).gauge().value() == 1.0)) {
            assertThat(System.nanoTime()).as("first background round within 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    @Test
    void should_report_a_failing_probe_with_its_reason_and_ignore_optional_checks_for_readiness() {
        HealthCheck failing = new HealthCheck("tracing", () -> {
            throw new IllegalStateException("collector refused");
        }, false, Duration.ofSeconds(1));
        try (Readiness readiness = new Readiness(List.of(failing), Clock.systemUTC(), Duration.ofHours(1),
                Duration.ZERO, metrics)) {
            HealthReport report = readiness.report();

            assertThat(report.ready()).isTrue();
            assertThat(report.checks().getFirst().error()).isEqualTo("IllegalStateException: collector refused");
            assertThat(report.toJson()).containsEntry("status", "UP");
        }
    }

    @Test
    void should_refuse_a_check_name_that_cannot_be_a_metric_tag_value_of_ours() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> new HealthCheck("Redis Cache", () -> true))
                .withMessageContaining("name: 'Redis Cache'");
    }
}
