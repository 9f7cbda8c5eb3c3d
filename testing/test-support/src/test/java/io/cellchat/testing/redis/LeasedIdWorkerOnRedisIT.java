package io.cellchat.testing.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellchat.domain.id.IdsUnavailableException;
import io.cellchat.domain.id.LeasedIdWorker;
import io.cellchat.domain.id.Sleeper;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import io.cellchat.domain.id.Ticker;
import io.cellchat.domain.id.WorkerLeaseExpiredException;
import io.cellchat.domain.id.WorkerLeases;
import io.cellchat.platform.redis.RedisWorkerLeases;
import io.cellchat.platform.redis.SharedRedis;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.RedisNamespace;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Two processes, one worker ID, the real Redis: the first is cut off from Redis (its renewals fail) while it keeps
 * minting; the second waits for the worker ID. The first must stop minting before the second can start, and no ID
 * may be minted twice.
 */
@EngineTest
class LeasedIdWorkerOnRedisIT {

    private static final LeasedIdWorker.Settings SETTINGS = new LeasedIdWorker.Settings(
            Duration.ofMillis(900), Duration.ofMillis(200), Duration.ofMillis(200));

    /** The first process's view of the store: the same Redis, unless the test cuts it off. */
    private static final class CutOff implements WorkerLeases {
        private final WorkerLeases redis;
        private volatile boolean cut;

        CutOff(WorkerLeases redis) {
            this.redis = redis;
        }

        private void reach() {
            if (cut) {
                throw new IllegalStateException("network partition: Redis unreachable");
            }
        }

        @Override
        public Optional<Grant> acquire(String holder, Duration ttl) {
            reach();
            return redis.acquire(holder, ttl);
        }

        @Override
        public boolean renew(int worker, String holder, Duration ttl, long highWaterMark) {
            reach();
            return redis.renew(worker, holder, ttl, highWaterMark);
        }

        @Override
        public boolean raiseHighWaterMark(int worker, String holder, long millisSinceEpoch) {
            reach();
            return redis.raiseHighWaterMark(worker, holder, millisSinceEpoch);
        }

        @Override
        public void release(int worker, String holder, long finalHighWaterMark) {
            reach();
            redis.release(worker, holder, finalHighWaterMark);
        }
    }

    @Test
    void should_stop_minting_before_another_process_can_take_the_worker_id_over(RedisNamespace namespace)
            throws Exception {
        String prefix = "t" + UUID.randomUUID() + ":";
        Ticker ticker = Ticker.system();
        try (SharedRedis firstRedis = SharedRedis.open(namespace.settings(prefix));
                SharedRedis secondRedis = SharedRedis.open(namespace.settings(prefix))) {
            CutOff firstView = new CutOff(new RedisWorkerLeases(firstRedis, 1));
            LeasedIdWorker first = LeasedIdWorker.acquire(firstView, "first", SETTINGS, Clock.systemUTC(), ticker);
            SnowflakeIdGenerator firstIds = generator(first);
            List<Long> firstMinted = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                firstMinted.add(firstIds.next());
            }

            firstView.cut = true;
            long lastFirstMint = ticker.nanos();
            long secondLeased = 0;
            LeasedIdWorker second = null;
            RedisWorkerLeases secondView = new RedisWorkerLeases(secondRedis, 1);
            long deadline = ticker.nanos() + Duration.ofSeconds(10).toNanos();
            while (second == null && ticker.nanos() < deadline) {
                try {
                    firstMinted.add(firstIds.next());
                    lastFirstMint = ticker.nanos();
                } catch (IdsUnavailableException refused) {
                    assertThat(refused).isInstanceOf(WorkerLeaseExpiredException.class);
                }
                try {
                    first.renew();
                } catch (IllegalStateException cutOff) {
                    // the partition: renewals fail
                }
                try {
                    second = LeasedIdWorker.acquire(secondView, "second", SETTINGS, Clock.systemUTC(), ticker);
                    secondLeased = ticker.nanos();
                } catch (IllegalStateException taken) {
                    Thread.sleep(5);
                }
            }
            assertThat(second).as("the second process got the worker ID once the lease expired").isNotNull();
            assertThat(lastFirstMint).as("the first stopped minting before the second leased the worker ID")
                    .isLessThan(secondLeased);
            // The worker stops at its lease's end minus the margin as it measured it, so the gap is the margin plus a
            // few milliseconds (the loop's step and Redis's latency); lastFirstMint is read after next() returns, so a
            // thread paused in between reads it late by the pause. Half the margin still fails a worker that ignores
            // its margin (a gap of a few milliseconds) and leaves a loaded machine a 100 ms pause.
            assertThat(Duration.ofNanos(secondLeased - lastFirstMint)).as("the first kept its margin")
                    .isGreaterThanOrEqualTo(SETTINGS.margin().dividedBy(2));

            List<Long> secondMinted = new ArrayList<>();
            SnowflakeIdGenerator secondIds = generator(second);
            for (int i = 0; i < 1_000; i++) {
                secondMinted.add(secondIds.next());
            }
            firstView.cut = false;
            assertThat(first.renew()).as("healed, the first finds the only worker ID taken").isFalse();
            assertThatThrownBy(firstIds::next).isInstanceOf(WorkerLeaseExpiredException.class);

            Set<Long> all = new HashSet<>(firstMinted);
            all.addAll(secondMinted);
            assertThat(all).as("no ID minted twice").hasSize(firstMinted.size() + secondMinted.size());
            assertThat(secondMinted.getFirst()).isGreaterThan(firstMinted.getLast());
            second.close();
        }
    }

    private static SnowflakeIdGenerator generator(LeasedIdWorker worker) {
        return SnowflakeIdGenerator.leased(SnowflakeIdGenerator.Settings.of(0, 0), worker, Clock.systemUTC(),
                Sleeper.system());
    }
}
