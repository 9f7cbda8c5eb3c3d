package io.cellchat.bench.kafka;

import io.cellchat.bench.kafka.Figures.Cost;
import io.cellchat.bench.kafka.Figures.Throughput;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;

/**
 * The two producer measurements of a combination, on one producer and one topic.
 *
 * <ul>
 *   <li>{@link #saturate}: rounds of records sent back to back; {@code send} blocks when the producer's buffer is
 *       full, so the rate is what the producer and broker sustain together.</li>
 *   <li>{@link #paced}: an open loop at a fixed rate. Each record has an intended send time; its latencies count
 *       from that time (not from when {@code send} returned), so a stalled producer shows up in the figures instead
 *       of slowing the load (no coordinated omission). The intended time travels in header {@code t} for the
 *       consumer's end-to-end latency.</li>
 * </ul>
 */
final class ProducerRun {

    /** Header with the record's intended send time, {@link System#nanoTime()} of this JVM, 8 bytes. */
    static final String SENT_HEADER = "t";

    /** The paced phase: latencies of the measured records (those after the warm-up) and the phase's cost. */
    record Paced(Histogram ack, Histogram pacingLag, long measured, long errors, Cost cost) {}

    /** Cumulative counters of a producer and the CPU meter, to turn into a {@link Cost} per phase. */
    private record Counters(CpuMeter.Sample cpu, double requests, double wireBytes) {

        static Counters of(KafkaProducer<byte[], byte[]> producer, CpuMeter cpu) {
            double requests = 0;
            double bytes = 0;
            for (var entry : producer.metrics().entrySet()) {
                if (entry.getKey().group().equals("producer-metrics")
                        && entry.getValue().metricValue() instanceof Double value) {
                    switch (entry.getKey().name()) {
                        case "request-total" -> requests = value;
                        case "outgoing-byte-total" -> bytes = value;
                        default -> { }
                    }
                }
            }
            return new Counters(cpu.sample(), requests, bytes);
        }

        Cost since(Counters before, long records) {
            @Nullable Double broker = before.cpu.brokerNanos() < 0 ? null
                    : round((cpu.brokerNanos() - before.cpu.brokerNanos()) / 1e3 / records, 2);
            return new Cost(round((cpu.clientNanos() - before.cpu.clientNanos()) / 1e3 / records, 2), broker,
                    round(records / Math.max(1, requests - before.requests), 1),
                    round((wireBytes - before.wireBytes) / records, 1));
        }
    }

    private ProducerRun() {}

    /**
     * Sends {@code rounds} rounds of {@code records} back to back, each timed from its first {@code send} to the end
     * of its {@code flush}; reports the median round with the slowest and fastest beside it.
     */
    static Throughput saturate(KafkaProducer<byte[], byte[]> producer, String topic, Workload workload, int records,
            int rounds, CpuMeter cpu) {
        AtomicLong errors = new AtomicLong();
        double[] rates = new double[rounds];
        double[] megabytes = new double[rounds];
        Counters before = Counters.of(producer, cpu);
        long next = 0;
        for (int round = 0; round < rounds; round++) {
            long bytes = 0;
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                Workload.Rec rec = workload.get(next++);
                bytes += rec.bytes() + SENT_HEADER.length() + Long.BYTES;
                producer.send(record(topic, rec, System.nanoTime()), (metadata, e) -> {
                    if (e != null) {
                        errors.incrementAndGet();
                    }
                });
            }
            producer.flush();
            double seconds = (System.nanoTime() - start) / 1e9;
            rates[round] = records / seconds;
            megabytes[round] = bytes / seconds / 1e6;
        }
        Cost cost = Counters.of(producer, cpu).since(before, (long) records * rounds);
        return new Throughput(records, rounds, round(median(rates), 0), round(Arrays.stream(rates).min()
                .orElseThrow(), 0), round(Arrays.stream(rates).max().orElseThrow(), 0), round(median(megabytes), 2),
                cost, errors.get());
    }

    static Paced paced(KafkaProducer<byte[], byte[]> producer, String topic, Workload workload, int rate,
            double warmupSeconds, double seconds, ConsumerRun consumer, CpuMeter cpu) {
        long interval = 1_000_000_000L / rate;
        long warmup = Math.round(rate * warmupSeconds);
        long total = warmup + Math.round(rate * seconds);
        Recorder ack = new Recorder(3);
        Histogram lag = new Histogram(3);
        AtomicLong errors = new AtomicLong();
        Counters before = Counters.of(producer, cpu);
        long start = System.nanoTime() + 1_000_000;
        consumer.measureFrom(start + warmup * interval);
        for (long i = 0; i < total; i++) {
            long intended = start + i * interval;
            long now;
            while ((now = System.nanoTime()) < intended) {
                LockSupport.parkNanos(intended - now);
            }
            boolean measured = i >= warmup;
            if (measured) {
                lag.recordValue(now - intended);
            }
            producer.send(record(topic, workload.get(i), intended), (metadata, e) -> {
                if (e != null) {
                    errors.incrementAndGet();
                } else if (measured) {
                    ack.recordValue(System.nanoTime() - intended);
                }
            });
        }
        producer.flush();
        Cost cost = Counters.of(producer, cpu).since(before, total);
        return new Paced(ack.getIntervalHistogram(), lag, total - warmup, errors.get(), cost);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, Workload.Rec rec, long sentNanos) {
        RecordHeaders headers = new RecordHeaders(new Header[] {
            new RecordHeader("traceparent", rec.traceparent()),
            new RecordHeader(SENT_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(sentNanos).array())
        });
        return new ProducerRecord<>(topic, null, rec.key(), rec.value(), headers);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
