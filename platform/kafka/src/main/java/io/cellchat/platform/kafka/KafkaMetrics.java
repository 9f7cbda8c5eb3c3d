package io.cellchat.platform.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * Exports a Kafka client's own metrics to the process's registry (Micrometer's {@link KafkaClientMetrics}): for a
 * producer {@code kafka_producer_*} (records sent, errors, request latency, batch size), for a consumer
 * {@code kafka_consumer_*}, among them {@code kafka_consumer_fetch_manager_records_lag_max}, the consumer lag the
 * {@code CellchatConsumerLag} alert watches. Tags: the client ID, and topic and partition where the client reports
 * per partition (bounded by the partition count). Bind each client once; close the returned binder with it.
 */
public final class KafkaMetrics {

    private KafkaMetrics() {}

    public static KafkaClientMetrics bind(Producer<?, ?> producer, MeterRegistry registry) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(producer);
        metrics.bindTo(registry);
        return metrics;
    }

    public static KafkaClientMetrics bind(Consumer<?, ?> consumer, MeterRegistry registry) {
        KafkaClientMetrics metrics = new KafkaClientMetrics(consumer);
        metrics.bindTo(registry);
        return metrics;
    }
}
