package io.cellchat.platform.inprocess;

import io.cellchat.domain.id.WorkerLeases;
import io.cellchat.testing.contracts.WorkerLeasesContract;
import io.cellchat.testing.time.ManualClock;
import java.time.Duration;
import java.time.Instant;

/** The worker leases contract on the in-memory store. */
class InMemoryWorkerLeasesTest extends WorkerLeasesContract {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));

    @Override
    protected WorkerLeases openLeases(int workers) {
        return new InMemoryWorkerLeases(clock, workers);
    }

    @Override
    protected void closeLeases() {
        // nothing to release
    }

    @Override
    protected void pass(Duration duration) {
        clock.advance(duration);
    }
}
