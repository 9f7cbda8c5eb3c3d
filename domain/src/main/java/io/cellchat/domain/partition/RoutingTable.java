package io.cellchat.domain.partition;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * Port: which messaging server owns each partition of the cell, so that a gateway can send a client to the server
 * that receives its deliveries, and a server that loses a partition can tell its clients where to go.
 *
 * <p>An entry is a <em>claim</em>: partition → (address, epoch), valid for a TTL that its owner refreshes by
 * publishing again. The epoch orders the owners of a partition: a claim replaces one of an equal or lower epoch and
 * never one of a higher epoch, so an owner that lost the partition while paused or cut off cannot overwrite the route
 * of the owner after it. In the cell the epoch is the Kafka consumer group generation in which the owner was assigned
 * the partition, which only grows. An owner that dies stops refreshing: its claims vanish after the TTL, or at once
 * when the next owner claims the partition.
 *
 * <ul>
 *   <li>Embedded: in memory (the single process owns every partition and needs no table).</li>
 *   <li>Distributed: Redis, one key per partition with a TTL, changed by a script that compares epochs.</li>
 * </ul>
 */
public interface RoutingTable {

    /**
     * Claims {@code partitions} for {@code address} at {@code epoch} for {@code ttl}, or refreshes the claims this
     * owner already holds.
     *
     * @return the partitions not claimed because a claim of a higher epoch holds them (empty when all were claimed)
     */
    Set<Integer> publish(String address, long epoch, Set<Integer> partitions, Duration ttl);

    /**
     * Removes this owner's claims on {@code partitions} (those whose address and epoch both match), for example when
     * Kafka revokes them or the server shuts down. Claims of another owner are left as they are.
     */
    void withdraw(String address, long epoch, Set<Integer> partitions);

    /** The live claim on a partition, if any. */
    Optional<Route> route(int partition);

    /**
     * Calls {@code listener} with a partition's number after its claim changed (a new address or epoch, a withdrawal).
     * Best effort: a change made while the watch was disconnected is not replayed, and a TTL expiry is not announced,
     * so a caller that must not miss a change also reads {@link #route} when it needs the answer. Listeners must not
     * block; they run on the adapter's thread.
     */
    Watch watch(IntConsumer listener);

    /** Stops the calls of one {@link #watch}. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * A claim.
     *
     * @param partition the partition, {@code >= 0}
     * @param address where clients of the partition connect: the owner's base URL, for example
     *     {@code http://10.0.0.7:8080} (no whitespace, at most 255 characters)
     * @param epoch the owner's epoch, {@code >= 0}
     */
    record Route(int partition, String address, long epoch) {

        public static final int MAX_ADDRESS_LENGTH = 255;

        public Route {
            requireNonNull(address, "address");
            checkPartition(partition);
            checkAddress(address);
            checkEpoch(epoch);
        }

        public static void checkPartition(int partition) {
            if (partition < 0) {
                throw new IllegalArgumentException("partition: " + partition + " (expected: >= 0)");
            }
        }

        public static void checkAddress(String address) {
            if (address.isEmpty() || address.length() > MAX_ADDRESS_LENGTH
                    || address.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
                throw new IllegalArgumentException("address: '" + address
                        + "' (expected: 1.." + MAX_ADDRESS_LENGTH + " characters, no whitespace)");
            }
        }

        public static void checkEpoch(long epoch) {
            if (epoch < 0) {
                throw new IllegalArgumentException("epoch: " + epoch + " (expected: >= 0)");
            }
        }
    }
}
