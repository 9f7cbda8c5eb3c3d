package io.cellchat.testing.engines;

import io.cellchat.platform.kafka.KafkaSettings;

/**
 * A test class's share of the run's Kafka broker: topics and consumer groups under a prefix no other class uses.
 *
 * @param bootstrapServers the broker, {@code 127.0.0.1:<port>}
 * @param prefix prefix for this class's topic and group names
 */
public record KafkaNamespace(String bootstrapServers, String prefix) {

    /** The name of a topic of this class. */
    public String topic(String name) {
        return prefix + name;
    }

    /** The name of a consumer group of this class. */
    public String group(String name) {
        return prefix + name;
    }

    public KafkaSettings settings() {
        return new KafkaSettings(bootstrapServers, prefix + "client");
    }
}
