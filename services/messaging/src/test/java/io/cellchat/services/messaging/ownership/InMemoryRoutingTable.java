package io.cellchat.services.messaging.ownership;

import io.cellchat.domain.partition.RoutingTable;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;

/** A fake of the routing port for tests: claims ordered by epoch, no TTL. */
final class InMemoryRoutingTable implements RoutingTable {

    private final Map<Integer, Route> routes = new ConcurrentHashMap<>();

    @Override
    public synchronized Set<Integer> publish(String address, long epoch, Set<Integer> partitions, Duration ttl) {
        Set<Integer> refused = new HashSet<>();
        for (int partition : partitions) {
            Route current = routes.get(partition);
            if (current != null && current.epoch() > epoch) {
                refused.add(partition);
            } else {
                routes.put(partition, new Route(partition, address, epoch));
            }
        }
        return refused;
    }

    @Override
    public synchronized void withdraw(String address, long epoch, Set<Integer> partitions) {
        for (int partition : partitions) {
            routes.computeIfPresent(partition,
                    (p, route) -> route.address().equals(address) && route.epoch() == epoch ? null : route);
        }
    }

    @Override
    public Optional<Route> route(int partition) {
        return Optional.ofNullable(routes.get(partition));
    }

    @Override
    public Watch watch(IntConsumer listener) {
        return () -> { };
    }
}
