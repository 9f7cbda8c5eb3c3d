package io.cellchat.bench.kafka;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * One point of the producer sweep: the settings passed as overrides to
 * {@link io.cellchat.platform.kafka.KafkaClients#producer}, everything else left at the client's defaults.
 */
record ProducerSettings(String acks, boolean idempotence, int lingerMs, int batchSize, String compression,
        int maxInFlight) {

    /** Kafka 4.x's own producer defaults: acks=all, idempotent, linger 5 ms, 16 KiB batches, no compression. */
    static final ProducerSettings KAFKA_DEFAULTS = new ProducerSettings("all", true, 5, 16 * 1024, "none", 5);

    /**
     * What {@link io.cellchat.platform.kafka.KafkaClients#producer} uses, chosen from this benchmark's figures
     * (docs/benchmarks/kafka.md). The consumer sweep runs on it, so its end-to-end figures are the cell's.
     */
    static final ProducerSettings CELL = KAFKA_DEFAULTS.batching(5, 64 * 1024).compression("lz4");

    ProducerSettings acks(String acks, boolean idempotence) {
        return new ProducerSettings(acks, idempotence, lingerMs, batchSize, compression, maxInFlight);
    }

    ProducerSettings batching(int lingerMs, int batchSize) {
        return new ProducerSettings(acks, idempotence, lingerMs, batchSize, compression, maxInFlight);
    }

    ProducerSettings compression(String compression) {
        return new ProducerSettings(acks, idempotence, lingerMs, batchSize, compression, maxInFlight);
    }

    ProducerSettings maxInFlight(int maxInFlight) {
        return new ProducerSettings(acks, idempotence, lingerMs, batchSize, compression, maxInFlight);
    }

    Map<String, Object> overrides() {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put(ProducerConfig.ACKS_CONFIG, acks);
        overrides.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, idempotence);
        overrides.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        overrides.put(ProducerConfig.BATCH_SIZE_CONFIG, batchSize);
        overrides.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        overrides.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, maxInFlight);
        return overrides;
    }

    String label() {
        return "acks=%s%s linger=%d batch=%dk %s inflight=%d".formatted(
                acks, idempotence ? "+idem" : "", lingerMs, batchSize / 1024, compression, maxInFlight);
    }
}
