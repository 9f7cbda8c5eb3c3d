package io.cellchat.bench.kafka;

import java.util.ArrayList;
import java.util.List;

/**
 * The combinations a run measures. Not the full cross product (that would take hours on two cores): each dimension is
 * varied around Kafka's defaults, with linger × batch crossed because they interact, and compression crossed with
 * three batching points because it pays more on fuller batches. The consumer sweep (fetch.min.bytes × fetch.max.wait.ms
 * at a busy and a quiet rate) produces with the cell's chosen producer settings.
 */
final class Sweep {

    /**
     * One combination.
     *
     * @param group the question it answers: baseline, acks, batching, compression, deliveries, consumer, drift
     * @param saturate whether to measure saturation throughput before the paced latency phase
     * @param rate the paced phase's offered rate, records per second
     * @param seconds the paced phase's measured length (after its warm-up)
     */
    record Case(String group, Workload.Topic topic, ProducerSettings producer, ConsumerSettings consumer,
            boolean saturate, int rate, double seconds) {

        String label() {
            return group.equals("consumer")
                    ? "%s %s @%d/s".formatted(topic.name, consumer.label(), rate)
                    : "%s %s".formatted(topic.name, producer.label());
        }
    }

    private Sweep() {}

    static List<Case> full(int rate, double seconds, int lowRate, double lowSeconds) {
        ProducerSettings base = ProducerSettings.KAFKA_DEFAULTS;
        ConsumerSettings consumer = ConsumerSettings.KAFKA_DEFAULTS;
        List<Case> cases = new ArrayList<>();
        var commands = Workload.Topic.COMMANDS;
        var deliveries = Workload.Topic.DELIVERIES;
        cases.add(new Case("baseline", commands, base, consumer, true, rate, seconds));
        for (ProducerSettings p : List.of(base.acks("1", false), base.acks("all", false), base.maxInFlight(1))) {
            cases.add(new Case("acks", commands, p, consumer, true, rate, seconds));
        }
        for (int linger : new int[] {0, 1, 5, 20}) {
            for (int batch : new int[] {16 * 1024, 64 * 1024, 256 * 1024}) {
                ProducerSettings p = base.batching(linger, batch);
                if (!p.equals(base)) {
                    cases.add(new Case("batching", commands, p, consumer, true, rate, seconds));
                }
            }
        }
        for (String codec : List.of("lz4", "zstd")) {
            for (ProducerSettings p : List.of(base, base.batching(5, 64 * 1024), base.batching(20, 256 * 1024))) {
                cases.add(new Case("compression", commands, p.compression(codec), consumer, true, rate, seconds));
            }
        }
        for (ProducerSettings p : List.of(base, base.batching(0, 16 * 1024), ProducerSettings.CELL,
                base.batching(5, 64 * 1024).compression("zstd"))) {
            cases.add(new Case("deliveries", deliveries, p, consumer, true, rate, seconds));
        }
        for (boolean low : new boolean[] {false, true}) {
            for (int minBytes : new int[] {1, 16 * 1024}) {
                for (int maxWait : new int[] {10, 100, 500}) {
                    cases.add(new Case("consumer", deliveries, ProducerSettings.CELL,
                            new ConsumerSettings(minBytes, maxWait, 500), false, low ? lowRate : rate,
                            low ? lowSeconds : seconds));
                }
            }
        }
        cases.add(new Case("consumer", deliveries, ProducerSettings.CELL, new ConsumerSettings(1, 500, 50), false,
                rate, seconds));
        cases.add(new Case("drift", commands, base, consumer, true, rate, seconds));
        return cases;
    }

    /** A smoke run: one case per kind of measurement. */
    static List<Case> quick(int rate, double seconds) {
        ProducerSettings base = ProducerSettings.KAFKA_DEFAULTS;
        ConsumerSettings consumer = ConsumerSettings.KAFKA_DEFAULTS;
        return List.of(
                new Case("baseline", Workload.Topic.COMMANDS, base, consumer, true, rate, seconds),
                new Case("cell", Workload.Topic.COMMANDS, ProducerSettings.CELL, consumer, true, rate, seconds),
                new Case("deliveries", Workload.Topic.DELIVERIES, base, consumer, true, rate, seconds),
                new Case("consumer", Workload.Topic.DELIVERIES, ProducerSettings.CELL,
                        new ConsumerSettings(16 * 1024, 100, 500), false, rate, seconds));
    }
}
