package io.cellchat.platform.observability.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class ExceptionTrackerTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final ExceptionTracker tracker = new ExceptionTracker(metrics,
            Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC), null);

    @Test
    void should_give_one_bug_one_fingerprint_whatever_its_message() {
        IllegalStateException first = failAt("user 1");
        IllegalStateException second = failAt("user 2");

        assertThat(ExceptionTracker.fingerprint(first)).isEqualTo(ExceptionTracker.fingerprint(second))
                .hasSize(12).matches("[0-9a-f]+");
        assertThat(ExceptionTracker.fingerprint(new IllegalStateException("elsewhere")))
                .isNotEqualTo(ExceptionTracker.fingerprint(first));
        assertThat(ExceptionTracker.fingerprint(new RuntimeException(first)))
                .isNotEqualTo(ExceptionTracker.fingerprint(first));
    }

    @Test
    void should_count_by_type_and_fingerprint_and_keep_the_latest_with_its_context() {
        tracker.record(failAt("one"), "io.cellchat.X", "failed", "worker-1", Map.of("user_id", "7"));
        tracker.record(failAt("two"), "io.cellchat.X", "failed again", "worker-2", Map.of("user_id", "8"));

        String fingerprint = ExceptionTracker.fingerprint(failAt("any"));
        assertThat(metrics.get("cellchat.exceptions").tag("type", "java.lang.IllegalStateException")
                .tag("fingerprint", fingerprint).counter().count()).isEqualTo(2.0);
        TrackedException kept = tracker.latest().getFirst();
        assertThat(kept.count()).isEqualTo(2);
        assertThat(kept.message()).isEqualTo("two");
        assertThat(kept.thread()).isEqualTo("worker-2");
        assertThat(kept.context()).containsEntry("user_id", "8");
        assertThat(kept.stackTrace()).contains("IllegalStateException: two").contains("failAt");
    }

    @Test
    void should_count_new_fingerprints_as_other_once_the_limit_is_reached() {
        for (int i = 0; i < ExceptionTracker.MAX_FINGERPRINTS + 5; i++) {
            RuntimeException distinct = new RuntimeException("n");
            distinct.setStackTrace(new StackTraceElement[] {new StackTraceElement("C" + i, "m", "C.java", 1)});
            tracker.record(distinct, "l", "m", "t", Map.of());
        }

        assertThat(metrics.find("cellchat.exceptions").counters()).hasSize(ExceptionTracker.MAX_FINGERPRINTS + 1);
        assertThat(metrics.get("cellchat.exceptions").tag("fingerprint", "other").counter().count()).isEqualTo(5.0);
        assertThat(tracker.latest()).hasSize(ExceptionTracker.MAX_KEPT);
    }

    @Test
    void should_track_what_is_logged_at_error_with_an_exception_and_nothing_else() {
        ExceptionAppender.install(tracker);
        try {
            org.slf4j.Logger log = LoggerFactory.getLogger("io.cellchat.test.Tracked");
            MDC.put("trace_id", "abc");
            log.error("store failed", failAt("disk"));
            MDC.remove("trace_id");
            log.warn("only a warning", failAt("warn"));
            log.error("an error without an exception");

            assertThat(tracker.latest()).singleElement().satisfies(kept -> {
                assertThat(kept.logger()).isEqualTo("io.cellchat.test.Tracked");
                assertThat(kept.logMessage()).isEqualTo("store failed");
                assertThat(kept.context()).containsEntry("trace_id", "abc");
            });
        } finally {
            ExceptionAppender.uninstall(tracker);
        }
    }

    private static IllegalStateException failAt(String message) {
        return new IllegalStateException(message);
    }
}
