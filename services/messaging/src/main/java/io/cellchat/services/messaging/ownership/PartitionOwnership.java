package io.cellchat.services.messaging.ownership;

import static java.util.Objects.requireNonNull;

import io.cellchat.backplane.DeliveryListener;
import io.cellchat.contracts.v1.Reconnect;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.domain.partition.PartitionHash;
import io.cellchat.domain.partition.RoutingTable;
import io.cellchat.services.messaging.session.CloseCodes;
import io.cellchat.services.messaging.session.Connection;
import io.cellchat.services.messaging.session.ConnectionRegistry;
import io.cellchat.services.messaging.session.PartitionGate;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This messaging server's share of the cell's user partitions (docs/design/cell.md, "Partition ownership"). Kafka's
 * consumer group decides it (a {@link DeliveryListener} reports each move); this class makes it visible and acts on
 * it:
 *
 * <ul>
 *   <li>an assigned partition is claimed in the {@link RoutingTable} for this server's address, at the group
 *       generation as epoch, and the claims are refreshed before their TTL runs out;</li>
 *   <li>a revoked partition's claim is withdrawn, and every connection of its users gets a {@code reconnect} frame
 *       naming the new owner (once the routing table shows one, at most {@code hintWait} later), then a close with
 *       4010; connections of the partitions that stay are not touched;</li>
 *   <li>a client that connects here for a partition this server does not own is sent to the owner at once.</li>
 * </ul>
 */
public final class PartitionOwnership implements DeliveryListener.Ownership, PartitionGate {

    private static final Logger log = LoggerFactory.getLogger(PartitionOwnership.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final RoutingTable routing;
    private final String address;
    private final int partitionCount;
    private final ConnectionRegistry connections;
    private final ScheduledExecutorService scheduler;
    private final Duration ttl;
    private final Duration hintWait;
    private final Map<Integer, Long> owned = new ConcurrentHashMap<>();

    public PartitionOwnership(RoutingTable routing, String address, int partitionCount, ConnectionRegistry connections,
            ScheduledExecutorService scheduler, Duration ttl, Duration hintWait) {
        this.routing = requireNonNull(routing, "routing");
        this.address = requireNonNull(address, "address");
        this.partitionCount = partitionCount;
        this.connections = requireNonNull(connections, "connections");
        this.scheduler = requireNonNull(scheduler, "scheduler");
        this.ttl = requireNonNull(ttl, "ttl");
        this.hintWait = requireNonNull(hintWait, "hintWait");
        RoutingTable.Route.checkAddress(address);
        long refresh = Math.max(1, ttl.toMillis() / 3);
        scheduler.scheduleAtFixedRate(this::refresh, refresh, refresh, TimeUnit.MILLISECONDS);
    }

    @Override
    public void assigned(Set<Integer> partitions, long generation) {
        partitions.forEach(p -> owned.put(p, generation));
        Set<Integer> refused = routing.publish(address, generation, partitions, ttl);
        log.info("Owning partitions {} of chat.deliveries (generation {})", partitions, generation);
        if (!refused.isEmpty()) {
            log.warn("Partitions {} are claimed by a newer owner in the routing table", refused);
        }
    }

    @Override
    public void revoked(Set<Integer> partitions) {
        Map<Long, Set<Integer>> byGeneration = new HashMap<>();
        for (int partition : partitions) {
            Long generation = owned.remove(partition);
            if (generation != null) {
                byGeneration.computeIfAbsent(generation, g -> new HashSet<>()).add(partition);
            }
        }
        byGeneration.forEach((generation, lost) -> routing.withdraw(address, generation, lost));
        log.info("Partitions {} of chat.deliveries moved away; sending their clients to the new owners", partitions);
        Map<Integer, List<Connection>> moving = new HashMap<>();
        for (Connection connection : connections.all()) {
            int partition = PartitionHash.partitionOf(connection.userId(), partitionCount);
            if (partitions.contains(partition)) {
                moving.computeIfAbsent(partition, p -> new java.util.ArrayList<>()).add(connection);
            }
        }
        moving.forEach((partition, moved) -> scheduler.execute(() -> hint(partition, moved, hintWait.toMillis())));
    }

    /** Waits for the new owner's route, then sends it to the partition's connections and closes them. */
    private void hint(int partition, List<Connection> moved, long remainingMillis) {
        Optional<RoutingTable.Route> route = routing.route(partition).filter(r -> !r.address().equals(address));
        if (route.isEmpty() && remainingMillis > 0) {
            scheduler.schedule(() -> hint(partition, moved, remainingMillis - POLL.toMillis()), POLL.toMillis(),
                    TimeUnit.MILLISECONDS);
            return;
        }
        String next = route.map(RoutingTable.Route::address).orElse("");
        for (Connection connection : moved) {
            sendAway(connection, next, "partition " + partition + " moved");
        }
    }

    /** Sends a connection to {@code next} ("" when unknown) and closes it with 4010. */
    public static void sendAway(Connection connection, String next, String reason) {
        connection.send(ServerFrame.newBuilder()
                .setReconnect(Reconnect.newBuilder().setAddress(next).setReason(reason)).build());
        connection.close(CloseCodes.PARTITION_MOVED, reason + (next.isEmpty() ? "; reconnect" : "; reconnect to " + next));
    }

    @Override
    public Optional<String> redirect(long userId) {
        int partition = PartitionHash.partitionOf(userId, partitionCount);
        if (owned.containsKey(partition)) {
            return Optional.empty();
        }
        return Optional.of(routing.route(partition).map(RoutingTable.Route::address)
                .filter(owner -> !owner.equals(address)).orElse(""));
    }

    /** The partitions owned now. */
    public Set<Integer> owned() {
        return Set.copyOf(owned.keySet());
    }

    private void refresh() {
        try {
            Map<Long, Set<Integer>> byGeneration = new HashMap<>();
            owned.forEach((partition, generation) ->
                    byGeneration.computeIfAbsent(generation, g -> new HashSet<>()).add(partition));
            byGeneration.forEach((generation, partitions) -> routing.publish(address, generation, partitions, ttl));
        } catch (RuntimeException e) {
            log.warn("Cannot refresh the routing table's claims: {}", e.toString());
        }
    }

    /** Withdraws every claim without moving anyone (the server is stopping; its connections close with 1001). */
    public void withdrawAll() {
        Map<Long, Set<Integer>> byGeneration = new HashMap<>();
        owned.forEach((partition, generation) ->
                byGeneration.computeIfAbsent(generation, g -> new HashSet<>()).add(partition));
        owned.clear();
        byGeneration.forEach((generation, partitions) -> routing.withdraw(address, generation, partitions));
    }
}
