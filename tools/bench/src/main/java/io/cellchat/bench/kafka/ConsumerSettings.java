package io.cellchat.bench.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** One point of the consumer sweep: fetch overrides for {@link io.cellchat.platform.kafka.KafkaClients#consumer}. */
record ConsumerSettings(int fetchMinBytes, int fetchMaxWaitMs, int maxPollRecords) {

    /** Kafka 4.x's own consumer defaults. */
    static final ConsumerSettings KAFKA_DEFAULTS = new ConsumerSettings(1, 500, 500);

    Map<String, Object> overrides() {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, fetchMinBytes);
        overrides.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMs);
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        return overrides;
    }

    String label() {
        return "fetch.min=%s wait=%d poll=%d".formatted(
                fetchMinBytes >= 1024 ? fetchMinBytes / 1024 + "k" : Integer.toString(fetchMinBytes),
                fetchMaxWaitMs, maxPollRecords);
    }
}
