package io.cellchat.platform.kafka;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A topic as a role needs it: name, partition count, replication factor and topic-level configs
 * ({@code min.insync.replicas}, {@code retention.ms}, {@code cleanup.policy}, ...). {@link Topics#ensure} creates it
 * or checks an existing one against it.
 *
 * @param configKey the configuration key that sets the partition count, named in errors
 */
public record TopicSpec(String name, int partitions, short replicationFactor, Map<String, String> configs,
        String configKey) {

    public TopicSpec {
        requireNonNull(name, "name");
        requireNonNull(configKey, "configKey");
        configs = Map.copyOf(configs);
        if (name.isBlank()) {
            throw new IllegalArgumentException(configKey + ": topic name empty (expected: a Kafka topic name)");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException(configKey + ": " + partitions + " partitions (expected: >= 1)");
        }
        if (replicationFactor < 1) {
            throw new IllegalArgumentException(
                    "replication factor of " + name + ": " + replicationFactor + " (expected: >= 1)");
        }
    }
}
