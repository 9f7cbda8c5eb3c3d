package io.cellchat.testing.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.platform.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;

@EngineTest
class KafkaEngineIT {

    @Test
    void should_read_back_keyed_records_in_order_from_the_real_broker(KafkaNamespace kafka) throws Exception {
        String topic = kafka.topic("chat.commands");
        try (Admin admin = KafkaClients.admin(kafka.settings())) {
            admin.createTopics(List.of(new NewTopic(topic, 4, (short) 1))).all().get();
        }
        List<RecordMetadata> written = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.settings(), Map.of())) {
            for (int i = 0; i < 10; i++) {
                written.add(producer.send(new ProducerRecord<>(topic, bytes("conversation-1"), bytes("message " + i)))
                        .get());
            }
        }
        assertThat(written).extracting(RecordMetadata::partition).containsOnly(written.getFirst().partition());

        List<String> read = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                KafkaClients.consumer(kafka.settings(), kafka.group("reader"), Map.of())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (read.size() < 10 && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    read.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        assertThat(read).containsExactly(
                "message 0", "message 1", "message 2", "message 3", "message 4",
                "message 5", "message 6", "message 7", "message 8", "message 9");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
