package io.cellchat.backplane;

import static java.util.Objects.requireNonNull;

import io.cellchat.platform.kafka.TopicSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The topics of a cell's backplane with their sizes (docs/design/cell.md, "Topics"). Names may carry a prefix, so
 * tests and several cells share one Kafka cluster.
 *
 * @param prefix prepended to every topic name ({@code kafka.topics.prefix}, empty by default)
 * @param commandPartitions partitions of {@code chat.commands} and {@code chat.events}
 *     ({@code kafka.topics.commands.partitions}, 64)
 * @param deliveryPartitions partitions of {@code chat.deliveries}, the cell's user partition count
 *     ({@code kafka.topics.deliveries.partitions}, 128)
 * @param replicationFactor of every topic ({@code kafka.topics.replication-factor}, 3)
 * @param minInsyncReplicas of every topic ({@code kafka.topics.min-insync-replicas}, 2)
 */
public record BackplaneTopics(String prefix, int commandPartitions, int deliveryPartitions, short replicationFactor,
        int minInsyncReplicas) {

    public static final Duration COMMANDS_RETENTION = Duration.ofDays(7);
    public static final Duration EVENTS_RETENTION = Duration.ofDays(7);
    public static final Duration DELIVERIES_RETENTION = Duration.ofHours(1);

    public BackplaneTopics {
        requireNonNull(prefix, "prefix");
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalArgumentException("kafka.topics.min-insync-replicas: " + minInsyncReplicas
                    + " (expected: 1.." + replicationFactor + ", the replication factor)");
        }
    }

    /** Production defaults: RF 3, min ISR 2. */
    public static BackplaneTopics defaults() {
        return new BackplaneTopics("", 64, 128, (short) 3, 2);
    }

    public String commands() {
        return prefix + "chat.commands";
    }

    public String events() {
        return prefix + "chat.events";
    }

    public String deliveries() {
        return prefix + "chat.deliveries";
    }

    public TopicSpec commandsSpec() {
        return spec(commands(), commandPartitions, COMMANDS_RETENTION, "kafka.topics.commands.partitions");
    }

    public TopicSpec eventsSpec() {
        return spec(events(), commandPartitions, EVENTS_RETENTION, "kafka.topics.commands.partitions");
    }

    public TopicSpec deliveriesSpec() {
        return spec(deliveries(), deliveryPartitions, DELIVERIES_RETENTION, "kafka.topics.deliveries.partitions");
    }

    public List<TopicSpec> all() {
        return List.of(commandsSpec(), eventsSpec(), deliveriesSpec());
    }

    private TopicSpec spec(String name, int partitions, Duration retention, String key) {
        return new TopicSpec(name, partitions, replicationFactor, Map.of(
                "min.insync.replicas", Integer.toString(minInsyncReplicas),
                "retention.ms", Long.toString(retention.toMillis()),
                "cleanup.policy", "delete"), key);
    }
}
