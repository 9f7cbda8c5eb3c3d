package io.cellchat.services.messaging.session;

import io.cellchat.services.messaging.telemetry.EdgeMetrics;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The open connections of this server, by user; a user has one per device (or tab). */
public final class ConnectionRegistry {

    private final Map<Long, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final AtomicInteger count = new AtomicInteger();
    private final EdgeMetrics metrics;

    public ConnectionRegistry(MeterRegistry registry, EdgeMetrics metrics) {
        this.metrics = metrics;
        Gauge.builder("cellchat.connections", count, AtomicInteger::get)
                .description("open WebSocket connections").register(registry);
    }

    /** The edge's meters, which every connection reports to. */
    public EdgeMetrics metrics() {
        return metrics;
    }

    public void add(Connection connection) {
        byUser.computeIfAbsent(connection.userId(), u -> ConcurrentHashMap.newKeySet()).add(connection);
        count.incrementAndGet();
        metrics.opened();
    }

    /** Removes a connection; returns whether its device still has another connection here. */
    public boolean remove(Connection connection) {
        boolean[] deviceStillConnected = {false};
        byUser.computeIfPresent(connection.userId(), (user, connections) -> {
            if (connections.remove(connection)) {
                count.decrementAndGet();
                metrics.closed(connection.closeReason());
            }
            deviceStillConnected[0] = connections.stream().anyMatch(c -> c.deviceId() == connection.deviceId());
            return connections.isEmpty() ? null : connections;
        });
        return deviceStillConnected[0];
    }

    public Collection<Connection> ofUser(long userId) {
        return byUser.getOrDefault(userId, Set.of());
    }

    public List<Connection> all() {
        List<Connection> all = new ArrayList<>();
        byUser.values().forEach(all::addAll);
        return all;
    }

    public int size() {
        return count.get();
    }
}
