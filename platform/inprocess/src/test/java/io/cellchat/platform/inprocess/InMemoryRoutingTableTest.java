package io.cellchat.platform.inprocess;

import io.cellchat.domain.partition.RoutingTable;
import io.cellchat.testing.contracts.RoutingTableContract;
import io.cellchat.testing.time.ManualClock;
import java.time.Duration;
import java.time.Instant;

/** The routing table contract on the in-memory table. */
class InMemoryRoutingTableTest extends RoutingTableContract {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));

    @Override
    protected RoutingTable openTable() {
        return new InMemoryRoutingTable(clock);
    }

    @Override
    protected void closeTable() {
        // nothing to release
    }

    @Override
    protected void pass(Duration duration) {
        clock.advance(duration);
    }
}
