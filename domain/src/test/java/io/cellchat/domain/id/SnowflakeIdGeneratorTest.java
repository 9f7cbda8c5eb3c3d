package io.cellchat.domain.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SnowflakeIdGeneratorTest {

    private static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

    private final MutableClock clock = new MutableClock(START);
    private final HighWaterMark mark = HighWaterMark.inMemory();

    private SnowflakeIdGenerator generator(Duration maxStepBack) {
        return new SnowflakeIdGenerator(
                new SnowflakeIdGenerator.Settings(3, 17, maxStepBack, Duration.ofSeconds(1)),
                clock, clock.sleeper(), mark);
    }

    @Test
    void should_encode_time_cell_worker_and_sequence_in_the_documented_layout() {
        long id = generator(Duration.ofSeconds(2)).next();

        assertThat(Snowflake.timestamp(id)).isEqualTo(START);
        assertThat(Snowflake.cell(id)).isEqualTo(3);
        assertThat(Snowflake.worker(id)).isEqualTo(17);
        assertThat(Snowflake.sequence(id)).isZero();
        assertThat(id).isPositive();
    }

    @Test
    void should_count_the_sequence_within_a_millisecond_and_roll_over_to_the_next() {
        SnowflakeIdGenerator ids = generator(Duration.ofSeconds(2));
        long previous = -1;
        for (int i = 0; i < 3 * (Snowflake.MAX_SEQUENCE + 1); i++) {
            long id = ids.next();
            assertThat(id).isGreaterThan(previous);
            previous = id;
        }
        assertThat(Snowflake.timestamp(previous)).isEqualTo(START.plusMillis(2));
    }

    @Test
    void should_wait_for_a_clock_that_stepped_back_within_the_bound_and_never_mint_a_smaller_id() {
        SnowflakeIdGenerator ids = generator(Duration.ofSeconds(2));
        long before = ids.next();

        clock.stepBack(Duration.ofMillis(1500));
        long after = ids.next();

        assertThat(after).isGreaterThan(before);
        assertThat(clock.instant()).isAfterOrEqualTo(START);
    }

    @Test
    void should_fail_clearly_when_the_clock_stepped_back_beyond_the_bound() {
        SnowflakeIdGenerator ids = generator(Duration.ofSeconds(2));
        ids.next();

        clock.stepBack(Duration.ofSeconds(10));

        assertThatThrownBy(ids::next)
                .isInstanceOf(ClockSteppedBackException.class)
                .hasMessageContaining("10000 ms behind")
                .hasMessageContaining("at most 2000 ms");
        clock.advance(Duration.ofSeconds(10));
        assertThat(ids.next()).isPositive();
    }

    @Test
    void should_continue_above_the_last_id_after_a_restart_even_if_the_clock_went_back_meanwhile() {
        SnowflakeIdGenerator first = generator(Duration.ofSeconds(2));
        long last = 0;
        for (int i = 0; i < 5000; i++) {
            last = first.next();
            clock.advance(Duration.ofNanos(300_000));
        }

        clock.stepBack(Duration.ofMillis(900));
        long afterRestart = generator(Duration.ofSeconds(2)).next();

        assertThat(afterRestart).isGreaterThan(last);
    }

    @Test
    void should_store_the_high_water_mark_ahead_of_every_minted_id() {
        SnowflakeIdGenerator ids = generator(Duration.ofSeconds(2));
        for (int i = 0; i < 100; i++) {
            long id = ids.next();
            assertThat(mark.load()).isGreaterThanOrEqualTo(Snowflake.millisSinceEpoch(id));
            clock.advance(Duration.ofMillis(37));
        }
    }

    @Test
    void should_refuse_to_mint_while_the_mark_cannot_be_stored_and_go_on_once_it_can() {
        AtomicBoolean diskFull = new AtomicBoolean();
        HighWaterMark disk = new HighWaterMark() {
            @Override
            public long load() {
                return mark.load();
            }

            @Override
            public void store(long millisSinceEpoch) {
                if (diskFull.get()) {
                    throw new UncheckedIOException("cannot store the ID high-water mark ids-worker-0",
                            new IOException("No space left on device"));
                }
                mark.store(millisSinceEpoch);
            }
        };
        SnowflakeIdGenerator ids = new SnowflakeIdGenerator(
                new SnowflakeIdGenerator.Settings(3, 17, Duration.ofSeconds(2), Duration.ofSeconds(1)),
                clock, clock.sleeper(), disk);
        long first = ids.next();
        ids.next();
        long before = ids.next(); // three IDs in one millisecond
        long stored = mark.load();

        diskFull.set(true);
        clock.advance(Duration.ofSeconds(2)); // past the stored mark: the next ID needs a new one

        assertThatThrownBy(ids::next).isInstanceOf(MarkNotStoredException.class)
                .isInstanceOf(IdsUnavailableException.class)
                .hasMessage("cannot store the ID high-water mark ids-worker-0 (No space left on device);"
                        + " refusing to mint IDs until the high-water mark is stored")
                .hasCauseInstanceOf(UncheckedIOException.class);
        assertThat(mark.load()).as("nothing minted past the stored mark").isEqualTo(stored);
        diskFull.set(false);
        clock.stepBack(Duration.ofSeconds(2)); // the clock reads the millisecond of the last IDs again
        long again = ids.next();
        clock.advance(Duration.ofSeconds(2));
        long after = ids.next();
        assertThat(Snowflake.millisSinceEpoch(again)).isEqualTo(Snowflake.millisSinceEpoch(first));
        assertThat(again).as("the refused call minted nothing: the sequence goes on").isGreaterThan(before);
        assertThat(after).isGreaterThan(again);
        assertThat(mark.load()).isGreaterThanOrEqualTo(Snowflake.millisSinceEpoch(after));
    }

    @Test
    void should_refuse_settings_that_would_fail_every_quick_restart() {
        assertThatThrownBy(() -> new SnowflakeIdGenerator.Settings(0, 0, Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessage("maxStepBack: PT0S (expected: >= reserve, PT1S)");
        assertThatThrownBy(() -> SnowflakeIdGenerator.Settings.of(16, 0)).hasMessage("cell: 16 (expected: 0..15)");
        assertThatThrownBy(() -> SnowflakeIdGenerator.Settings.of(0, 256)).hasMessage("worker: 256 (expected: 0..255)");
    }

    @Test
    void should_mint_unique_increasing_ids_per_thread_under_concurrent_callers() throws Exception {
        SnowflakeIdGenerator ids = new SnowflakeIdGenerator(
                SnowflakeIdGenerator.Settings.of(0, 1), Clock.systemUTC(), Sleeper.system(), mark);
        int threads = 8;
        int perThread = 50_000;
        var seen = ConcurrentHashMap.<Long>newKeySet();
        var outOfOrder = new AtomicLong();
        var start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                long previous = -1;
                for (int i = 0; i < perThread; i++) {
                    long id = ids.next();
                    if (id <= previous) {
                        outOfOrder.incrementAndGet();
                    }
                    previous = id;
                    seen.add(id);
                }
            }));
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        assertThat(seen).hasSize(threads * perThread);
        assertThat(outOfOrder).hasValue(0);
    }

    @Test
    void should_round_trip_every_field_at_its_limits() {
        long id = Snowflake.compose(Snowflake.MAX_TIME, Snowflake.MAX_CELL, Snowflake.MAX_WORKER, Snowflake.MAX_SEQUENCE);

        assertThat(id).isEqualTo(Long.MAX_VALUE);
        assertThat(Snowflake.millisSinceEpoch(id)).isEqualTo(Snowflake.MAX_TIME);
        assertThat(Snowflake.cell(id)).isEqualTo(Snowflake.MAX_CELL);
        assertThat(Snowflake.worker(id)).isEqualTo(Snowflake.MAX_WORKER);
        assertThat(Snowflake.sequence(id)).isEqualTo(Snowflake.MAX_SEQUENCE);
    }
}
