package io.cellchat.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.domain.id.WorkerLeases;
import io.cellchat.domain.id.WorkerLeases.Grant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the {@link WorkerLeases} port: a worker ID is leased to one holder at a time, for a TTL its holder
 * renews; it keeps a high-water mark that only its holder may change and that outlives the lease.
 *
 * <p>Each test opens a fresh store of a few worker IDs; {@link #pass} moves time for the store.
 */
public abstract class WorkerLeasesContract {

    /** Long enough that no lease expires unless the test lets it. */
    protected static final Duration TTL = Duration.ofMinutes(5);
    /**
     * What tests that let leases expire use; real-time stores sleep a little longer than this. Long enough that a
     * few calls to a store on a loaded machine fit in it; the calls that must come before it run under {@link #TTL}.
     */
    protected static final Duration SHORT_TTL = Duration.ofSeconds(1);

    /** A store of worker IDs {@code 0..workers-1}, none leased, no marks. */
    protected abstract WorkerLeases openLeases(int workers) throws Exception;

    /** Releases what {@link #openLeases} took. Called after each test. */
    protected abstract void closeLeases() throws Exception;

    /** Lets {@code duration} pass for the store's TTLs. */
    protected abstract void pass(Duration duration) throws Exception;

    @AfterEach
    final void closeTheLeases() throws Exception {
        closeLeases();
    }

    @Test
    void should_lease_the_lowest_free_worker_ids_one_holder_each() throws Exception {
        WorkerLeases leases = openLeases(3);

        assertThat(leases.acquire("a", TTL)).contains(new Grant(0, -1));
        assertThat(leases.acquire("b", TTL)).contains(new Grant(1, -1));
        assertThat(leases.acquire("c", TTL)).contains(new Grant(2, -1));
        assertThat(leases.acquire("d", TTL)).as("every worker ID is leased").isEmpty();
    }

    @Test
    void should_give_a_released_worker_id_to_the_next_holder_at_once() throws Exception {
        WorkerLeases leases = openLeases(2);
        leases.acquire("a", TTL);
        leases.acquire("b", TTL);

        leases.release(0, "a", 1_000);

        assertThat(leases.acquire("c", TTL)).contains(new Grant(0, 1_000));
    }

    @Test
    void should_renew_only_for_the_holder() throws Exception {
        WorkerLeases leases = openLeases(1);
        leases.acquire("a", TTL);

        assertThat(leases.renew(0, "a", TTL, 10)).isTrue();
        assertThat(leases.renew(0, "b", TTL, 20)).isFalse();
        leases.release(0, "b", 30);

        assertThat(leases.acquire("c", TTL)).as("a still holds it").isEmpty();
    }

    @Test
    void should_let_another_holder_take_a_worker_id_whose_lease_expired() throws Exception {
        WorkerLeases leases = openLeases(1);
        leases.acquire("a", SHORT_TTL);

        pass(SHORT_TTL.multipliedBy(2));

        assertThat(leases.acquire("b", TTL)).isPresent();
        assertThat(leases.renew(0, "a", TTL, 10)).as("the expired holder cannot renew").isFalse();
    }

    @Test
    void should_keep_a_renewed_lease_past_its_first_ttl() throws Exception {
        WorkerLeases leases = openLeases(1);
        leases.acquire("a", SHORT_TTL);
        pass(SHORT_TTL.dividedBy(4));

        // Renewed under TTL: on a loaded machine the check below may come late, never too early.
        assertThat(leases.renew(0, "a", TTL, 10)).isTrue();
        pass(SHORT_TTL);

        assertThat(leases.acquire("b", TTL)).as("held past the first SHORT_TTL").isEmpty();
    }

    @Test
    void should_hand_the_next_holder_the_highest_mark_raised_under_the_lease() throws Exception {
        WorkerLeases leases = openLeases(1);
        leases.acquire("a", TTL);

        assertThat(leases.raiseHighWaterMark(0, "a", 5_000)).isTrue();
        assertThat(leases.raiseHighWaterMark(0, "a", 4_000)).as("a raise never lowers").isTrue();
        assertThat(leases.renew(0, "a", SHORT_TTL, 3_000)).as("nor does a renewal").isTrue();
        pass(SHORT_TTL.multipliedBy(2));

        assertThat(leases.acquire("b", TTL)).contains(new Grant(0, 5_000));
    }

    @Test
    void should_raise_the_mark_with_a_renewal() throws Exception {
        WorkerLeases leases = openLeases(1);
        leases.acquire("a", TTL);

        leases.renew(0, "a", TTL, 7_000);
        leases.release(0, "a", 7_000);

        assertThat(leases.acquire("b", TTL)).contains(new Grant(0, 7_000));
    }

    @Test
    void should_refuse_a_raise_by_a_holder_whose_lease_expired_and_keep_the_mark() throws Exception {
        WorkerLeases leases = openLeases(1);
        leases.acquire("a", TTL);
        leases.raiseHighWaterMark(0, "a", 5_000);
        leases.renew(0, "a", SHORT_TTL, 5_000);
        pass(SHORT_TTL.multipliedBy(2));
        leases.acquire("b", TTL);

        assertThat(leases.raiseHighWaterMark(0, "a", 9_000)).isFalse();
        assertThat(leases.renew(0, "a", TTL, 9_000)).isFalse();
        leases.release(0, "a", 9_000);
        leases.release(0, "b", 6_000);

        assertThat(leases.acquire("c", TTL)).contains(new Grant(0, 6_000));
    }

    @Test
    void should_set_the_mark_really_used_on_release_even_below_the_reserve() throws Exception {
        WorkerLeases leases = openLeases(1);
        leases.acquire("a", TTL);
        leases.raiseHighWaterMark(0, "a", 30_000);

        leases.release(0, "a", 2_000);

        assertThat(leases.acquire("b", TTL)).contains(new Grant(0, 2_000));
    }

    @Test
    void should_give_concurrent_holders_distinct_worker_ids() throws Exception {
        WorkerLeases leases = openLeases(16);
        int holders = 24;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Optional<Grant>>> grants = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < holders; i++) {
                String holder = "holder-" + i;
                grants.add(pool.submit(() -> {
                    go.await();
                    return leases.acquire(holder, TTL);
                }));
            }
            go.countDown();
        }
        Set<Integer> workers = new HashSet<>();
        int refused = 0;
        for (Future<Optional<Grant>> grant : grants) {
            Optional<Grant> result = grant.get(30, TimeUnit.SECONDS);
            if (result.isPresent()) {
                assertThat(workers.add(result.get().worker())).as("worker %s granted twice", result.get().worker())
                        .isTrue();
            } else {
                refused++;
            }
        }
        assertThat(workers).hasSize(16);
        assertThat(refused).isEqualTo(holders - 16);
    }
}
