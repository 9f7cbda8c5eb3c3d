package io.cellchat.domain.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/**
 * The generator's background renewal of its high-water mark: the caller does not wait for the durable write while
 * IDs stay below the stored mark, and no ID ever passes what is durably stored, so a crash at any moment (modelled by
 * dropping the queued renewals and starting a new generator from the stored mark) never reissues an ID.
 */
class HighWaterMarkRenewalTest {

    private static final Instant START = Instant.parse("2026-12-05T10:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final RecordingMark mark = new RecordingMark();
    private final Queue<Runnable> renewals = new ArrayDeque<>();
    private final Executor background = renewals::add;

    private SnowflakeIdGenerator generator() {
        return new SnowflakeIdGenerator(SnowflakeIdGenerator.Settings.of(0, 0), clock, clock.sleeper(), mark,
                background);
    }

    @Test
    void should_store_the_next_mark_in_the_background_once_half_the_reserve_is_used() {
        SnowflakeIdGenerator ids = generator();
        ids.next();
        assertThat(mark.stores).hasSize(1); // the first ID: nothing was stored yet, so the caller stores

        clock.advance(Duration.ofMillis(600));
        ids.next();
        assertThat(mark.stores).as("the caller did not store").hasSize(1);
        assertThat(renewals).hasSize(1);
        clock.advance(Duration.ofMillis(100));
        ids.next();
        assertThat(renewals).as("one renewal at a time").hasSize(1);

        renewals.remove().run();
        assertThat(mark.stores).hasSize(2);
        assertThat(mark.load()).isEqualTo(Snowflake.millisSinceEpoch(START) + 1600);
        clock.advance(Duration.ofMillis(800)); // 1,500 ms: below the renewed mark, above the first one
        ids.next();
        assertThat(mark.stores).as("still no store on the caller").hasSize(2);
    }

    @Test
    void should_never_mint_an_id_past_the_stored_mark_when_renewals_lag() {
        SnowflakeIdGenerator ids = generator();
        for (int i = 0; i < 400; i++) {
            long id = ids.next();
            assertThat(Snowflake.millisSinceEpoch(id)).isLessThanOrEqualTo(mark.load());
            clock.advance(Duration.ofMillis(13));
            if (i % 150 == 0) {
                runAll(); // renewals run only now and then: the caller stores whenever it reaches the mark
            }
        }
    }

    @Test
    void should_never_lower_the_mark_when_a_late_renewal_finishes_after_a_higher_store() {
        SnowflakeIdGenerator ids = generator();
        ids.next();
        clock.advance(Duration.ofMillis(700));
        ids.next(); // queues a renewal to START + 1,700
        clock.advance(Duration.ofMillis(2000));
        ids.next(); // past the stored mark: stores START + 3,700 itself
        long stored = mark.load();

        runAll(); // the late renewal

        assertThat(mark.load()).isEqualTo(stored);
        assertThat(mark.stores).isSorted();
    }

    @Test
    void should_continue_above_every_id_after_a_crash_with_a_renewal_in_flight() {
        SnowflakeIdGenerator ids = generator();
        long last = 0;
        for (int i = 0; i < 3000; i++) {
            last = ids.next();
            clock.advance(Duration.ofNanos(700_000));
            if (i % 500 == 0) {
                runAll();
            }
        }
        renewals.clear(); // killed: the queued renewal never ran
        clock.stepBack(Duration.ofMillis(900));

        long afterRestart = generator().next();

        assertThat(afterRestart).isGreaterThan(last);
    }

    @Test
    void should_report_a_failed_renewal_to_the_caller_that_reaches_the_mark() {
        SnowflakeIdGenerator ids = generator();
        ids.next();
        mark.failing = true;
        clock.advance(Duration.ofMillis(600));
        ids.next();
        runAll(); // fails quietly: the mark stays

        clock.advance(Duration.ofMillis(500));

        assertThatThrownBy(ids::next).isInstanceOf(MarkNotStoredException.class)
                .hasMessage("disk full; refusing to mint IDs until the high-water mark is stored")
                .cause().hasMessage("disk full");
        mark.failing = false;
        assertThat(ids.next()).isPositive();
    }

    private void runAll() {
        while (!renewals.isEmpty()) {
            renewals.remove().run();
        }
    }

    /** A mark that records every store, and fails on demand. */
    private static final class RecordingMark implements HighWaterMark {
        final List<Long> stores = new ArrayList<>();
        boolean failing;

        @Override
        public long load() {
            return stores.isEmpty() ? -1 : stores.getLast();
        }

        @Override
        public void store(long millisSinceEpoch) {
            if (failing) {
                throw new IllegalStateException("disk full");
            }
            stores.add(millisSinceEpoch);
        }
    }
}
