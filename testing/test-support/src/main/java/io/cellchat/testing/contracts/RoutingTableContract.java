package io.cellchat.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cellchat.domain.partition.RoutingTable;
import io.cellchat.domain.partition.RoutingTable.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the {@link RoutingTable} port: claims of partitions by messaging servers, ordered by epoch, living
 * for a TTL, and announced to watchers.
 *
 * <p>Each test opens a fresh table (a store of its own); claims live {@link #TTL} unless a test says otherwise, and
 * {@link #pass} moves time for the store (a manual clock, or real time for a store that keeps its own).
 */
public abstract class RoutingTableContract {

    /** Long enough that no claim expires unless the test lets it. */
    protected static final Duration TTL = Duration.ofMinutes(5);
    /** What tests that let claims expire use; real-time stores sleep a little longer than this. */
    protected static final Duration SHORT_TTL = Duration.ofSeconds(1);

    /** A table with nothing in it. Called before each test. */
    protected abstract RoutingTable openTable() throws Exception;

    /** Releases what {@link #openTable} took. Called after each test. */
    protected abstract void closeTable() throws Exception;

    /** Lets {@code duration} pass for the table's TTLs. */
    protected abstract void pass(Duration duration) throws Exception;

    protected RoutingTable table;

    @BeforeEach
    final void openTheTable() throws Exception {
        table = openTable();
    }

    @AfterEach
    final void closeTheTable() throws Exception {
        closeTable();
    }

    @Test
    void should_have_no_route_for_a_partition_nobody_claimed() {
        assertThat(table.route(7)).isEmpty();
    }

    @Test
    void should_route_each_claimed_partition_to_its_owner() {
        assertThat(table.publish("http://10.0.0.1:8080", 3, Set.of(0, 1, 2), TTL)).isEmpty();
        assertThat(table.publish("http://10.0.0.2:8080", 3, Set.of(3, 4), TTL)).isEmpty();

        assertThat(table.route(1)).contains(new Route(1, "http://10.0.0.1:8080", 3));
        assertThat(table.route(4)).contains(new Route(4, "http://10.0.0.2:8080", 3));
        assertThat(table.route(5)).isEmpty();
    }

    @Test
    void should_let_the_owner_of_a_newer_epoch_take_a_partition_over() {
        table.publish("http://old:8080", 4, Set.of(9), TTL);

        Set<Integer> refused = table.publish("http://new:8080", 5, Set.of(9), TTL);

        assertThat(refused).isEmpty();
        assertThat(table.route(9)).contains(new Route(9, "http://new:8080", 5));
    }

    @Test
    void should_refuse_a_stale_owner_that_publishes_an_older_epoch_and_keep_the_newer_route() {
        table.publish("http://new:8080", 5, Set.of(9, 10), TTL);

        Set<Integer> refused = table.publish("http://old:8080", 4, Set.of(9, 10, 11), TTL);

        assertThat(refused).containsExactlyInAnyOrder(9, 10);
        assertThat(table.route(9)).contains(new Route(9, "http://new:8080", 5));
        assertThat(table.route(11)).as("the free partition was claimed").contains(new Route(11, "http://old:8080", 4));
    }

    @Test
    void should_compare_epochs_as_numbers_not_as_text() {
        table.publish("http://a:8080", 10, Set.of(1), TTL);

        assertThat(table.publish("http://b:8080", 9, Set.of(1), TTL)).containsExactly(1);
        assertThat(table.publish("http://c:8080", Long.MAX_VALUE, Set.of(1), TTL)).isEmpty();
        assertThat(table.route(1)).contains(new Route(1, "http://c:8080", Long.MAX_VALUE));
    }

    @Test
    void should_forget_a_claim_that_was_not_refreshed_within_its_ttl() throws Exception {
        table.publish("http://a:8080", 1, Set.of(2), SHORT_TTL);
        table.publish("http://a:8080", 1, Set.of(3), TTL);

        pass(SHORT_TTL.multipliedBy(2));

        assertThat(table.route(2)).isEmpty();
        assertThat(table.route(3)).isPresent();
    }

    @Test
    void should_keep_a_claim_its_owner_refreshes() throws Exception {
        table.publish("http://a:8080", 1, Set.of(2), SHORT_TTL);
        pass(SHORT_TTL.dividedBy(4));

        // Refreshed under TTL: on a loaded machine the check below may come late, never too early.
        table.publish("http://a:8080", 1, Set.of(2), TTL);
        pass(SHORT_TTL);

        assertThat(table.route(2)).as("kept past the first SHORT_TTL").contains(new Route(2, "http://a:8080", 1));
    }

    @Test
    void should_let_anyone_claim_a_partition_whose_claim_expired_even_with_an_older_epoch() throws Exception {
        table.publish("http://gone:8080", 8, Set.of(2), SHORT_TTL);
        pass(SHORT_TTL.multipliedBy(2));

        assertThat(table.publish("http://a:8080", 1, Set.of(2), TTL)).isEmpty();
        assertThat(table.route(2)).contains(new Route(2, "http://a:8080", 1));
    }

    @Test
    void should_withdraw_only_the_claims_of_that_owner_and_epoch() {
        table.publish("http://a:8080", 1, Set.of(1, 2), TTL);
        table.publish("http://b:8080", 2, Set.of(2), TTL);

        table.withdraw("http://a:8080", 1, Set.of(1, 2));

        assertThat(table.route(1)).isEmpty();
        assertThat(table.route(2)).as("taken over before the withdrawal").contains(new Route(2, "http://b:8080", 2));
        table.withdraw("http://b:8080", 1, Set.of(2));
        assertThat(table.route(2)).as("another epoch of the same address").isPresent();
    }

    @Test
    void should_tell_watchers_which_partitions_changed() {
        ConcurrentLinkedQueue<Integer> seen = new ConcurrentLinkedQueue<>();
        try (RoutingTable.Watch watch = table.watch(seen::add)) {
            table.publish("http://a:8080", 1, Set.of(4, 5), TTL);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(
                    () -> assertThat(Set.copyOf(seen)).containsExactlyInAnyOrder(4, 5));

            seen.clear();
            table.publish("http://b:8080", 2, Set.of(5), TTL);
            table.withdraw("http://a:8080", 1, Set.of(4));
            await().atMost(Duration.ofSeconds(10)).untilAsserted(
                    () -> assertThat(Set.copyOf(seen)).containsExactlyInAnyOrder(4, 5));
        }
    }

    @Test
    void should_not_announce_a_refresh_that_changes_nothing_nor_call_a_closed_watch() throws Exception {
        ConcurrentLinkedQueue<Integer> open = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> closed = new ConcurrentLinkedQueue<>();
        table.publish("http://a:8080", 1, Set.of(4), TTL);
        RoutingTable.Watch toClose = table.watch(closed::add);
        try (RoutingTable.Watch watch = table.watch(open::add)) {
            await().pollDelay(Duration.ZERO).atMost(Duration.ofSeconds(10))
                    .until(() -> subscribed(open));
            open.clear();
            closed.clear();
            toClose.close();

            table.publish("http://a:8080", 1, Set.of(4), TTL);
            table.publish("http://a:8080", 1, Set.of(6), TTL);

            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(open).contains(6));
            assertThat(open).doesNotContain(4);
            assertThat(closed).isEmpty();
        }
    }

    @Test
    void should_settle_on_the_newest_epoch_when_owners_race() throws Exception {
        int rounds = 200;
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int round = 0; round < rounds; round++) {
                int partition = 100 + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> both = new ArrayList<>();
                both.add(pool.submit(() -> {
                    go.await();
                    return table.publish("http://older:8080", 6, Set.of(partition), TTL);
                }));
                both.add(pool.submit(() -> {
                    go.await();
                    return table.publish("http://newer:8080", 7, Set.of(partition), TTL);
                }));
                go.countDown();
                for (Future<?> future : both) {
                    future.get(10, TimeUnit.SECONDS);
                }
                assertThat(table.route(partition)).as("round %s", round)
                        .contains(new Route(partition, "http://newer:8080", 7));
            }
        }
    }

    @Test
    void should_refuse_an_address_with_whitespace_and_a_negative_epoch() {
        assertThatThrownBy(() -> table.publish("http://a b:8080", 1, Set.of(1), TTL))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("address: 'http://a b:8080'");
        assertThatThrownBy(() -> table.publish("http://a:8080", -1, Set.of(1), TTL))
                .hasMessage("epoch: -1 (expected: >= 0)");
        assertThat(table.route(1)).isEqualTo(Optional.empty());
    }

    /**
     * Whether a watch is live yet: publishes a probe partition until the watch reports it (a store may subscribe
     * asynchronously).
     */
    private boolean subscribed(ConcurrentLinkedQueue<Integer> seen) {
        int probe = 9_999;
        table.publish("http://probe:8080", System.nanoTime() & Long.MAX_VALUE, Set.of(probe), TTL);
        return seen.contains(probe);
    }
}
