package io.cellchat.platform.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Factories for Kafka clients with Cellchat's durable defaults. Records are raw bytes: the payloads are protobuf
 * messages from {@code contracts}, the keys are conversation or user IDs.
 *
 * <p>Producer defaults make an acknowledged send durable and ordered: {@code acks=all} with the idempotent producer.
 * Their batching was chosen by the Kafka benchmark ({@code cellchat bench kafka}, figures and reasoning in
 * {@code docs/benchmarks/kafka.md}): {@code linger.ms=5}, {@code batch.size=64 KiB}, {@code compression.type=lz4}.
 * Consumer defaults commit explicitly, read only committed transactional data, and fetch for low latency
 * ({@code fetch.min.bytes=1}, {@code fetch.max.wait.ms=500}, same source), and notice a dead group member after
 * {@code session.timeout.ms=10000}. Callers override any setting by passing it
 * in {@code overrides}.
 */
public final class KafkaClients {

    private KafkaClients() {}

    public static KafkaProducer<byte[], byte[]> producer(KafkaSettings settings, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, settings.clientId() + "-producer");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // docs/benchmarks/kafka.md: at chat rates linger 5 ms puts ~27x more records in a request than linger 0
        // and needs a sixth of its CPU per record, for ~2 ms more send->ack latency; 64 KiB batches only matter in
        // bursts, where they beat 16 KiB; lz4 cuts the bytes on the wire and disk by a fifth to a third for ~5 us of
        // producer CPU per record (zstd saves more bytes for twice that CPU and half the burst throughput).
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        config.putAll(overrides);
        return new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
    }

    public static KafkaConsumer<byte[], byte[]> consumer(
            KafkaSettings settings, String groupId, Map<String, Object> overrides) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, settings.clientId() + "-consumer");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // docs/benchmarks/kafka.md: answer a fetch as soon as one record is there (a larger fetch.min.bytes waits for
        // the bytes to pile up, tens of ms at one server's delivery rate); the wait then only bounds an idle long poll.
        config.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500);
        // A group member that dies (kill -9, a lost host) is noticed after 10 s, not the client's default 45 s: that
        // is how long a dead messaging server's partitions, or a dead materializer's, wait before they move
        // (docs/design/cell.md, failover). Heartbeats every 3 s keep three chances within it.
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        config.putAll(overrides);
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    public static Admin admin(KafkaSettings settings) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, settings.clientId() + "-admin"));
    }
}
