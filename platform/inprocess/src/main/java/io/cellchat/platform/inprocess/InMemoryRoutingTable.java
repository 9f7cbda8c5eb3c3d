package io.cellchat.platform.inprocess;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.partition.RoutingTable;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The routing table of one process, in memory, with the same epoch and TTL rules as the Redis table: for the single
 * process and for tests. Listeners run on the caller's thread, after the change.
 */
public final class InMemoryRoutingTable implements RoutingTable {

    private record Claim(Route route, Instant expiresAt) {}

    private final Clock clock;
    private final Map<Integer, Claim> claims = new HashMap<>();
    private final List<IntConsumer> listeners = new CopyOnWriteArrayList<>();

    public InMemoryRoutingTable(Clock clock) {
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public Set<Integer> publish(String address, long epoch, Set<Integer> partitions, Duration ttl) {
        Route.checkAddress(address);
        Route.checkEpoch(epoch);
        Set<Integer> refused = new HashSet<>();
        Set<Integer> changed = new HashSet<>();
        synchronized (this) {
            Instant now = clock.instant();
            for (int partition : partitions) {
                Route route = new Route(partition, address, epoch);
                @Nullable Claim current = live(partition, now);
                if (current != null && current.route().epoch() > epoch) {
                    refused.add(partition);
                    continue;
                }
                claims.put(partition, new Claim(route, now.plus(ttl)));
                if (current == null || !current.route().equals(route)) {
                    changed.add(partition);
                }
            }
        }
        changed.forEach(this::announce);
        return refused;
    }

    @Override
    public void withdraw(String address, long epoch, Set<Integer> partitions) {
        Set<Integer> removed = new HashSet<>();
        synchronized (this) {
            for (int partition : partitions) {
                @Nullable Claim current = live(partition, clock.instant());
                if (current != null && current.route().address().equals(address)
                        && current.route().epoch() == epoch) {
                    claims.remove(partition);
                    removed.add(partition);
                }
            }
        }
        removed.forEach(this::announce);
    }

    @Override
    public synchronized Optional<Route> route(int partition) {
        Route.checkPartition(partition);
        return Optional.ofNullable(live(partition, clock.instant())).map(Claim::route);
    }

    @Override
    public Watch watch(IntConsumer listener) {
        requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private @Nullable Claim live(int partition, Instant now) {
        Claim claim = claims.get(partition);
        if (claim != null && !claim.expiresAt().isAfter(now)) {
            claims.remove(partition);
            return null;
        }
        return claim;
    }

    private void announce(int partition) {
        for (IntConsumer listener : listeners) {
            listener.accept(partition);
        }
    }
}
