package io.cellchat.bench.kafka;

import io.cellchat.bench.kafka.Figures.Row;
import io.cellchat.bench.kafka.Sweep.Case;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Runs the combinations in passes on a machine other sessions share. The first pass measures every combination;
 * each later pass measures again those during which other processes kept more than {@code maxOtherCores} busy, and
 * keeps the quieter attempt. Bursts of other work (a build, a test run) last minutes, so measuring again later beats
 * measuring again at once. Before each combination it also waits a little for the machine to calm down.
 */
final class Runner {

    private final Bench bench;
    private final Topics topics;
    private final double maxOtherCores;
    private final int retryPasses;
    private final int quietWaitSeconds;

    Runner(Bench bench, Topics topics, double maxOtherCores, int retryPasses, int quietWaitSeconds) {
        this.bench = bench;
        this.topics = topics;
        this.maxOtherCores = maxOtherCores;
        this.retryPasses = retryPasses;
        this.quietWaitSeconds = quietWaitSeconds;
    }

    /**
     * Measures {@code warmUp} {@code warmUpRuns} times (not reported: the broker and this JVM compile their hot paths
     * and size their heaps meanwhile), then every case; returns one row per case, in order.
     */
    List<Row> run(Case warmUp, int warmUpRuns, List<Case> cases) throws Exception {
        long started = System.nanoTime();
        for (String topic : topics.createAll(0, Collections.nCopies(warmUpRuns, warmUp.topic()))) {
            bench.measure(warmUp, topic);
            topics.delete(topic);
        }
        System.out.printf("warm-up done in %.1f s%n", (System.nanoTime() - started) / 1e9);
        List<Row> rows = new ArrayList<>(Collections.nCopies(cases.size(), (Row) null));
        List<Integer> todo = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            todo.add(i);
        }
        for (int pass = 1; pass <= 1 + retryPasses && !todo.isEmpty(); pass++) {
            if (pass > 1) {
                System.out.printf("pass %d: measuring again %d combinations disturbed by other processes%n", pass,
                        todo.size());
            }
            List<String> names = topics.createAll(pass, todo.stream().map(i -> cases.get(i).topic()).toList());
            awaitBrokerSettled();
            for (int k = 0; k < todo.size(); k++) {
                int i = todo.get(k);
                awaitQuiet();
                Row row = bench.measure(cases.get(i), names.get(k));
                topics.delete(names.get(k));
                Row kept = rows.get(i) == null || row.otherCores() < rows.get(i).otherCores() ? row : rows.get(i);
                rows.set(i, kept.attempts(pass));
                System.out.println(KafkaReport.progress(i + 1, cases.size(), row));
            }
            todo = todo.stream().filter(i -> rows.get(i).otherCores() > maxOtherCores).toList();
        }
        System.out.printf("sweep done in %.0f s%n", (System.nanoTime() - started) / 1e9);
        return rows;
    }

    /**
     * Waits (at most 30 s) until the broker is nearly idle: right after creating a pass's topics it is still busy
     * with their files and metadata, which would slow the first combination of the pass.
     */
    private void awaitBrokerSettled() throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < 30_000_000_000L) {
            CpuMeter.Sample before = bench.cpu().sample();
            Thread.sleep(1_000);
            CpuMeter.Sample after = bench.cpu().sample();
            if (before.brokerNanos() < 0
                    || (after.brokerNanos() - before.brokerNanos()) < 0.1 * (after.wallNanos() - before.wallNanos())) {
                break;
            }
        }
        System.out.printf("        broker settled after %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private void awaitQuiet() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + quietWaitSeconds * 1_000_000_000L;
        double others = bench.cpu().otherCores(300);
        while (others > maxOtherCores && System.nanoTime() < deadline) {
            others = bench.cpu().otherCores(1_000);
        }
        double waited = (System.nanoTime() - start) / 1e9;
        if (waited > 1) {
            System.out.printf("        waited %.0f s for a quieter machine: other processes now use %.2f cores%n",
                    waited, others);
        }
    }
}
