package io.cellchat.domain.id;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The time fence and the high-water mark of a leased worker ID, on a store with one worker ID, so that two processes
 * compete for the same one. One time line serves the store, both processes' tickers and the wall clock.
 */
class LeasedIdWorkerTest {

    private static final LeasedIdWorker.Settings SETTINGS = new LeasedIdWorker.Settings(
            Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5));

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final Ticker ticker = nanos::get;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
    private final FakeWorkerLeases store = new FakeWorkerLeases(1, nanos::get);

    private void pass(Duration duration) {
        nanos.addAndGet(duration.toNanos());
        clock.advance(duration);
    }

    private SnowflakeIdGenerator generator(LeasedIdWorker worker) {
        return SnowflakeIdGenerator.leased(SnowflakeIdGenerator.Settings.of(2, 0), worker, clock, clock.sleeper());
    }

    @Test
    void should_mint_under_the_leased_worker_id() {
        LeasedIdWorker worker = LeasedIdWorker.acquire(store, "a", SETTINGS, clock, ticker);

        long id = generator(worker).next();

        assertThat(Snowflake.worker(id)).isZero();
        assertThat(Snowflake.cell(id)).isEqualTo(2);
        assertThat(store.holderOf(0)).isEqualTo("a");
    }

    @Test
    void should_refuse_to_lease_when_every_worker_id_is_taken() {
        LeasedIdWorker.acquire(store, "a", SETTINGS, clock, ticker);

        assertThatThrownBy(() -> LeasedIdWorker.acquire(store, "b", SETTINGS, clock, ticker))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("no free worker ID");
    }

    @Test
    void should_keep_minting_while_renewals_succeed() {
        LeasedIdWorker worker = LeasedIdWorker.acquire(store, "a", SETTINGS, clock, ticker);
        SnowflakeIdGenerator ids = generator(worker);

        for (int i = 0; i < 10; i++) {
            pass(SETTINGS.renewEvery());
            assertThat(worker.renew()).isTrue();
            assertThat(ids.next()).isPositive();
        }
        assertThat(worker.isValid()).isTrue();
    }

    @Test
    void should_stop_minting_before_the_lease_can_have_expired_when_the_store_is_unreachable() {
        LeasedIdWorker worker = LeasedIdWorker.acquire(store, "a", SETTINGS, clock, ticker);
        SnowflakeIdGenerator ids = generator(worker);
        ids.next();
        store.unreachable = true;

        pass(SETTINGS.renewEvery());
        assertThatThrownBy(worker::renew).hasMessage("store unreachable");
        pass(SETTINGS.renewEvery());
        assertThat(ids.next()).as("still within ttl - margin").isPositive();
        pass(SETTINGS.ttl().minus(SETTINGS.margin()).minus(SETTINGS.renewEvery().multipliedBy(2)));

        assertThat(worker.isValid()).isFalse();
        assertThat(store.holderOf(0)).as("the store still counts it as held: the fence stopped first").isEqualTo("a");
        assertThatThrownBy(ids::next).isInstanceOf(WorkerLeaseExpiredException.class)
                .hasMessageContaining("may have expired");

        store.unreachable = false;
        assertThat(worker.renew()).isTrue();
        assertThat(ids.next()).isPositive();
    }

    @Test
    void should_never_share_ids_with_the_process_that_took_the_worker_id_over_after_a_pause() {
        LeasedIdWorker paused = LeasedIdWorker.acquire(store, "paused", SETTINGS, clock, ticker);
        SnowflakeIdGenerator pausedIds = generator(paused);
        Set<Long> before = mint(pausedIds, 3_000);

        pass(SETTINGS.ttl().plusSeconds(1)); // a long GC pause: no renewal, the store lets the lease go
        LeasedIdWorker successor = LeasedIdWorker.acquire(store, "successor", SETTINGS, clock, ticker);
        SnowflakeIdGenerator successorIds = generator(successor);
        clock.stepBack(Duration.ofMillis(900)); // and the successor's wall clock runs behind
        Set<Long> after = mint(successorIds, 3_000);

        assertThat(successor.worker()).isEqualTo(paused.worker());
        assertThatThrownBy(pausedIds::next).as("the paused process wakes up").isInstanceOf(
                WorkerLeaseExpiredException.class);
        assertThat(paused.renew()).as("its renewal finds the worker ID taken, and no other free").isFalse();
        assertThatThrownBy(pausedIds::next).isInstanceOf(WorkerLeaseExpiredException.class);
        assertThat(after).doesNotContainAnyElementsOf(before);
        assertThat(after.stream().mapToLong(Long::longValue).min().orElseThrow())
                .isGreaterThan(before.stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    @Test
    void should_continue_above_the_mark_of_the_previous_holder_when_leased_again() {
        LeasedIdWorker first = LeasedIdWorker.acquire(store, "first", SETTINGS, clock, ticker);
        SnowflakeIdGenerator firstIds = generator(first);
        long firstLast = firstIds.next();
        pass(SETTINGS.ttl().plusSeconds(1));
        LeasedIdWorker second = LeasedIdWorker.acquire(store, "second", SETTINGS, clock, ticker);
        clock.stepBack(Duration.ofSeconds(20)); // minting waits for no clock: it starts above the stored mark
        long secondLast = 0;
        SnowflakeIdGenerator secondIds = SnowflakeIdGenerator.leased(
                new SnowflakeIdGenerator.Settings(2, 0, Duration.ofSeconds(30), Duration.ofSeconds(1)), second,
                clock, clock.sleeper());
        for (int i = 0; i < 5; i++) {
            secondLast = secondIds.next();
        }
        second.close();

        assertThat(first.renew()).as("leased again, a new tenure").isTrue();
        long firstAgain = firstIds.next();

        assertThat(secondLast).isGreaterThan(firstLast);
        assertThat(firstAgain).isGreaterThan(secondLast);
    }

    @Test
    void should_refuse_to_raise_the_mark_of_a_worker_id_it_no_longer_holds() {
        LeasedIdWorker worker = LeasedIdWorker.acquire(store, "a", SETTINGS, clock, ticker);
        IdWorker.Slot slot = worker.current();
        pass(SETTINGS.ttl().plusSeconds(1));
        LeasedIdWorker.acquire(store, "b", SETTINGS, clock, ticker);

        long beyondTheReserve = Snowflake.millisSinceEpoch(clock.instant()) + Duration.ofHours(1).toMillis();
        assertThatThrownBy(() -> worker.raiseHighWaterMark(slot, beyondTheReserve))
                .isInstanceOf(WorkerLeaseExpiredException.class)
                .hasMessageContaining("no longer leased to a");
        assertThatThrownBy(worker::current).hasMessageContaining("ended");
    }

    @Test
    void should_reserve_marks_ahead_so_that_minting_needs_no_store_round_trip() {
        LeasedIdWorker worker = LeasedIdWorker.acquire(store, "a", SETTINGS, clock, ticker);
        SnowflakeIdGenerator ids = generator(worker);
        store.unreachable = true;

        long last = 0;
        for (int i = 0; i < 20; i++) {
            pass(Duration.ofSeconds(1));
            last = ids.next();
        }

        assertThat(Snowflake.timestamp(last)).isEqualTo(clock.instant());
    }

    @Test
    void should_give_the_worker_id_back_on_close_with_the_mark_really_used() {
        LeasedIdWorker worker = LeasedIdWorker.acquire(store, "a", SETTINGS, clock, ticker);
        long last = generator(worker).next();

        worker.close();

        assertThat(store.holderOf(0)).isNull();
        assertThat(store.markOf(0)).as("the ID's time plus the generator's 1 s reserve, not the lease's 25 s")
                .isEqualTo(Snowflake.millisSinceEpoch(last) + 1_000);
        assertThatThrownBy(worker::current).isInstanceOf(WorkerLeaseExpiredException.class);
        assertThat(LeasedIdWorker.acquire(store, "b", SETTINGS, clock, ticker).worker()).isZero();
    }

    @Test
    void should_refuse_settings_where_one_failed_renewal_stops_minting() {
        assertThatThrownBy(() -> new LeasedIdWorker.Settings(
                Duration.ofSeconds(30), Duration.ofSeconds(15), Duration.ofSeconds(5)))
                .hasMessage("ids.lease-renew-every: PT15S (expected: <= (ids.lease-ttl - ids.lease-margin) / 2, PT12.5S)");
        assertThatThrownBy(() -> new LeasedIdWorker.Settings(
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ZERO))
                .hasMessage("ids.lease-margin: PT0S (expected: > 0)");
    }

    private static Set<Long> mint(SnowflakeIdGenerator ids, int count) {
        List<Long> minted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            minted.add(ids.next());
        }
        return new HashSet<>(minted);
    }
}
