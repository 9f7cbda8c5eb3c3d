package io.cellchat.bench.kafka;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.KafkaSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.LoggerFactory;

/**
 * One fresh topic per combination, so no combination reads or appends to another's log. All are created before the
 * sweep and each is deleted after its combination.
 *
 * <p>New topics are probed before use: one record per partition from a plain (non-idempotent) producer, waiting for
 * each ack. Producing with an idempotent producer the moment a topic is created can lose records: a first request
 * that reaches the broker before it leads the partition fails with NOT_LEADER_OR_FOLLOWER, a later in-flight request
 * is accepted, and the first one's retries then fail with OUT_OF_ORDER_SEQUENCE_NUMBER until
 * {@code delivery.timeout.ms} expires them (KAFKA-15591, apache/kafka#23234). The first version of this benchmark hit
 * exactly that on this machine.
 */
final class Topics {

    private final Admin admin;
    private final KafkaSettings settings;
    private final int partitions;

    Topics(Admin admin, KafkaSettings settings, int partitions) {
        this.admin = admin;
        this.settings = settings;
        this.partitions = partitions;
    }

    /**
     * Creates one topic per entry of {@code kinds}, named {@code bench.<pass>.<index>.<kind>}; returns their names
     * once every partition took a write.
     */
    List<String> createAll(int pass, List<Workload.Topic> kinds)
            throws ExecutionException, InterruptedException, TimeoutException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < kinds.size(); i++) {
            names.add("bench.%d.%03d.%s".formatted(pass, i, kinds.get(i).name));
        }
        admin.createTopics(names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList())
                .all().get(120, TimeUnit.SECONDS);
        probe(names);
        return names;
    }

    void delete(String name) throws ExecutionException, InterruptedException, TimeoutException {
        admin.deleteTopics(List.of(name)).all().get(60, TimeUnit.SECONDS);
    }

    private void probe(List<String> names) throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, Object> plain = Map.of(ProducerConfig.ACKS_CONFIG, "1",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.CLIENT_ID_CONFIG, "bench-probe");
        // The probe's expected NOT_LEADER_OR_FOLLOWER retries would fill the console with warnings.
        Logger clients = (Logger) LoggerFactory.getLogger("org.apache.kafka.clients");
        Level level = clients.getLevel();
        clients.setLevel(Level.ERROR);
        try (KafkaProducer<byte[], byte[]> probe = KafkaClients.producer(settings, plain)) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (String name : names) {
                for (int p = 0; p < partitions; p++) {
                    acks.add(probe.send(new ProducerRecord<>(name, p, null, new byte[0])));
                }
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(120, TimeUnit.SECONDS);
            }
        } finally {
            clients.setLevel(level);
        }
    }
}
