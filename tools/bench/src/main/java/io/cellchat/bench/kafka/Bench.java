package io.cellchat.bench.kafka;

import static java.util.Objects.requireNonNull;

import io.cellchat.bench.kafka.Figures.Latency;
import io.cellchat.bench.kafka.Figures.Row;
import io.cellchat.bench.kafka.Figures.Throughput;
import io.cellchat.bench.kafka.Sweep.Case;
import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Measures one combination on its own topic: a producer built by {@link KafkaClients#producer} with the
 * combination's overrides, the saturation phase (producer combinations only), then the paced phase with a consumer
 * built by {@link KafkaClients#consumer} reading along.
 */
record Bench(KafkaSettings settings, Map<Workload.Topic, Workload> workloads, int saturationRecords,
        int saturationRounds, double warmupSeconds, CpuMeter cpu) {

    Row measure(Case c, String topic) throws Exception {
        CpuMeter.Sample before = cpu.sample();
        Workload workload = requireNonNull(workloads.get(c.topic()), c.topic().name);
        try (KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(settings, c.producer().overrides())) {
            int partitions = producer.partitionsFor(topic).size();
            Throughput saturation = c.saturate()
                    ? ProducerRun.saturate(producer, topic, workload, saturationRecords, saturationRounds, cpu)
                    : null;
            ProducerRun.Paced paced;
            Histogram endToEnd;
            try (ConsumerRun consumer = ConsumerRun.start(settings, topic, partitions, c.topic(), c.consumer())) {
                paced = ProducerRun.paced(producer, topic, workload, c.rate(), warmupSeconds, c.seconds(), consumer,
                        cpu);
                endToEnd = consumer.await(paced.measured() - paced.errors(), Duration.ofSeconds(30));
            }
            long errors = paced.errors() + (saturation == null ? 0 : saturation.errors());
            CpuMeter.Sample after = cpu.sample();
            return new Row(c.group(), c.topic().name, c.label(), c.producer().overrides(), c.consumer().overrides(),
                    saturation, c.rate(), paced.cost(), Latency.of(paced.ack()), Latency.of(endToEnd),
                    Latency.of(paced.pacingLag()).p99(), errors,
                    ProducerRun.round((after.wallNanos() - before.wallNanos()) / 1e9, 1),
                    ProducerRun.round(after.otherCoresSince(before), 2), 1);
        }
    }
}
