package io.cellchat.bench.kafka;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/** The figures of one run, as written to {@code docs/benchmarks/kafka.json}. Times in milliseconds. */
final class Figures {

    private Figures() {}

    /** A latency distribution, from nanosecond samples. */
    record Latency(long count, double p50, double p99, double p999, double max) {

        static Latency of(Histogram nanos) {
            return new Latency(nanos.getTotalCount(), ms(nanos.getValueAtPercentile(50)),
                    ms(nanos.getValueAtPercentile(99)), ms(nanos.getValueAtPercentile(99.9)), ms(nanos.getMaxValue()));
        }

        private static double ms(long nanos) {
            return Math.round(nanos / 1_000.0) / 1_000.0;
        }
    }

    /**
     * What a phase cost per record.
     *
     * @param clientCpuMicros CPU of this JVM: the producer, and in the paced phase also the consumer
     * @param brokerCpuMicros CPU of the broker process; null when the broker was not started here
     * @param recordsPerRequest records per produce request: how well the producer batched
     * @param wireBytesPerRecord bytes the producer wrote to the socket per record, after compression
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Cost(double clientCpuMicros, @Nullable Double brokerCpuMicros, double recordsPerRequest,
            double wireBytesPerRecord) {}

    /**
     * Saturation throughput: rounds of {@code records} sent as fast as {@code send} accepts them, each timed until
     * its last ack; the median round, with the slowest and fastest.
     *
     * @param megabytesPerSecond record bytes (key, value, headers) before compression, 10^6 bytes, median round
     */
    record Throughput(long records, int rounds, double recordsPerSecond, double recordsPerSecondMin,
            double recordsPerSecondMax, double megabytesPerSecond, Cost cost, long errors) {}

    /**
     * One combination's figures.
     *
     * @param saturation null for consumer combinations
     * @param offeredRate the paced phase's rate, records per second (open loop: latency counts from the intended
     *     send time, so a stalled {@code send} is not hidden)
     * @param pacedCost what the paced phase cost per record, producer and consumer together
     * @param ack send to acknowledgement, what the sender's {@code accepted} waits for
     * @param endToEnd intended send time to the record's arrival in a consumer's {@code poll}
     * @param pacingLagP99 how late the pacer itself issued sends (the floor under both latencies)
     * @param otherCores cores other processes kept busy meanwhile (0 on a quiet machine; this one has 2)
     * @param attempts how many times it was measured: a disturbed one is measured again later, the quietest kept
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Row(String group, String topic, String label, Map<String, Object> producer, Map<String, Object> consumer,
            @Nullable Throughput saturation, int offeredRate, Cost pacedCost, Latency ack, Latency endToEnd,
            double pacingLagP99, long errors, double wallSeconds, double otherCores, int attempts) {

        Row attempts(int attempts) {
            return new Row(group, topic, label, producer, consumer, saturation, offeredRate, pacedCost, ack,
                    endToEnd, pacingLagP99, errors, wallSeconds, otherCores, attempts);
        }
    }
}
