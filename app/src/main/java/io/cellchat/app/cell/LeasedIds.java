package io.cellchat.app.cell;

import io.cellchat.domain.id.IdGenerator;
import io.cellchat.domain.id.LeasedIdWorker;
import io.cellchat.domain.id.Sleeper;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.redis.SharedRedis;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The snowflake generator of a role that mints IDs in a cell (users, messaging, sequencer): a worker ID leased in
 * Redis (docs/design/ids.md, "Worker leases in the cell"), renewed in the background. While the lease is not valid
 * the generator refuses to mint ({@code UNAVAILABLE}) and the role's readiness check {@code id-worker-lease} is DOWN.
 * Closing gives the worker ID back.
 */
final class LeasedIds implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LeasedIds.class);

    private final LeasedIdWorker worker;
    private final ScheduledExecutorService renewals;
    private final IdGenerator ids;

    private LeasedIds(LeasedIdWorker worker, ScheduledExecutorService renewals, IdGenerator ids) {
        this.worker = worker;
        this.renewals = renewals;
        this.ids = ids;
    }

    /** Leases a worker ID (waiting while every one is taken or Redis is down) and starts renewing it. */
    static LeasedIds start(SharedRedis redis, LeasedIdWorker.Settings lease, SnowflakeIdGenerator.Settings settings,
            String role, Clock clock) {
        LeasedIdWorker worker = EngineWaits.idWorker(redis, lease, role, clock);
        ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("id-lease-renewal").daemon(true).factory());
        LeasedIds leased = new LeasedIds(worker, renewals,
                SnowflakeIdGenerator.leased(settings, worker, clock, Sleeper.system()));
        long every = lease.renewEvery().toMillis();
        var unused = renewals.scheduleWithFixedDelay(leased::renew, every, every, TimeUnit.MILLISECONDS);
        log.info("minting IDs as cell {} worker {}", settings.cell(), worker.worker());
        return leased;
    }

    IdGenerator ids() {
        return ids;
    }

    HealthCheck check() {
        return new HealthCheck("id-worker-lease", worker::isValid);
    }

    private void renew() {
        try {
            if (!worker.renew()) {
                log.error("The ID worker lease was lost and every worker ID is taken; minting no IDs "
                        + "(/health/ready: id-worker-lease DOWN) until one is free");
            }
        } catch (RuntimeException e) {
            log.warn("Cannot renew the ID worker lease ({}); minting stops {} after the last renewal",
                    EngineWaits.rootCause(e), worker.settings().ttl().minus(worker.settings().margin()));
        }
    }

    /** Stops renewing and gives the worker ID back. */
    @Override
    public void close() {
        renewals.shutdownNow();
        worker.close();
    }
}
