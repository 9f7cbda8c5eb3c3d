package io.cellchat.platform.kafka;

import static java.util.Objects.requireNonNull;

/**
 * How a process reaches the Kafka cluster.
 *
 * @param bootstrapServers comma-separated {@code host:port} list
 * @param clientId prefix of the client IDs this process uses, shown in broker logs and metrics
 */
public record KafkaSettings(String bootstrapServers, String clientId) {

    public KafkaSettings {
        requireNonNull(bootstrapServers, "bootstrapServers");
        requireNonNull(clientId, "clientId");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("kafka.bootstrap-servers: empty (expected: host:port[,host:port...])");
        }
    }
}
