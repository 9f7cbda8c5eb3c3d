package io.cellchat.bench.kafka;

import io.cellchat.bench.kafka.Figures.Row;
import io.cellchat.bench.kafka.Sweep.Case;
import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.KafkaSettings;
import io.cellchat.testing.engines.EngineLauncher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cellchat bench kafka}: sweeps producer and consumer settings against a real Kafka 4.4 broker, on topics
 * keyed and sized like the backplane, and writes the figures to {@code docs/benchmarks/kafka.json} with plots.
 *
 * <p>Per combination, on a fresh topic: saturation throughput for a fixed record count, then an open-loop phase at a
 * fixed rate measuring send→ack latency (what {@code accepted} waits for) and send→consumer latency. The broker is
 * the one the integration tests use, started through test-support and stopped when the run ends.
 */
@Command(name = "kafka", mixinStandardHelpOptions = true,
        description = "Sweeps Kafka producer settings (acks, idempotence, linger.ms, batch.size, compression,"
                + " max.in.flight) and consumer fetch settings against a real broker; prints a line per combination,"
                + " writes docs/benchmarks/kafka.json and kafka-*.png.")
public final class KafkaCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Smoke run: 4 combinations, small counts, < 60 s; writes kafka-quick.*")
    boolean quick;

    @Option(names = "--records", description = "Records per saturation round (default: ${DEFAULT-VALUE})")
    int records = 300_000;

    @Option(names = "--rounds", description = "Saturation rounds; the median is reported (default: ${DEFAULT-VALUE})")
    int rounds = 3;

    @Option(names = "--rate", description = "Offered rate of the paced phase, records/s (default: ${DEFAULT-VALUE})")
    int rate = 10_000;

    @Option(names = "--seconds", description = "Measured length of the paced phase (default: ${DEFAULT-VALUE})")
    double seconds = 5;

    @Option(names = "--warmup-seconds", description = "Unmeasured start of each paced phase (default: ${DEFAULT-VALUE})")
    double warmupSeconds = 1;

    @Option(names = "--low-rate", description = "Second, quiet rate of the consumer sweep (default: ${DEFAULT-VALUE})")
    int lowRate = 1_000;

    @Option(names = "--low-seconds", description = "Measured length at the low rate (default: ${DEFAULT-VALUE})")
    double lowSeconds = 8;

    @Option(names = "--partitions", description = "Partitions per topic (default: ${DEFAULT-VALUE})")
    int partitions = 12;

    @Option(names = "--users", description = "User population (default: ${DEFAULT-VALUE})")
    int users = 20_000;

    @Option(names = "--conversations", description = "Conversation population (default: ${DEFAULT-VALUE})")
    int conversations = 4_000;

    @Option(names = "--zipf", description = "Zipf exponent of conversation popularity (default: ${DEFAULT-VALUE})")
    double zipf = 0.8;

    @Option(names = "--seed", description = "Seed of the generated records (default: ${DEFAULT-VALUE})")
    long seed = 42;

    @Option(names = "--only", description = "Run only combinations whose label matches this regex")
    @Nullable Pattern only;

    @Option(names = "--bootstrap", description = "Use this broker instead of starting one (host:port)")
    @Nullable String bootstrap;

    @Option(names = "--max-other-cores", description = "A combination during which other processes kept more cores"
            + " busy than this is measured again (default: ${DEFAULT-VALUE})")
    double maxOtherCores = 0.5;

    @Option(names = "--retries", description = "Later passes that measure again the combinations disturbed by other"
            + " processes (default: ${DEFAULT-VALUE}; 0 with --quick)")
    int retries = 1;

    @Option(names = "--quiet-wait-seconds", description = "How long to wait, before each combination, for other"
            + " processes to use at most --max-other-cores (default: ${DEFAULT-VALUE}; 0 with --quick)")
    int quietWaitSeconds = 5;

    private static final int POOL = 50_000;

    @Override
    public Integer call() throws Exception {
        List<Case> cases = (quick ? Sweep.quick(Math.min(rate, 5_000), 2)
                : Sweep.full(rate, seconds, lowRate, lowSeconds)).stream()
                .filter(c -> only == null || only.matcher(c.label()).find()).toList();
        if (cases.isEmpty()) {
            System.err.println("no combination matches --only " + only);
            return 2;
        }
        int saturationRecords = quick ? Math.min(records, 50_000) : records;
        double warmup = quick ? 0.5 : warmupSeconds;
        String loadBefore = loadAverage();
        Map<Workload.Topic, Workload> workloads = new LinkedHashMap<>();
        for (Workload.Topic topic : Workload.Topic.values()) {
            Workload w = Workload.generate(topic, POOL, users, conversations, zipf, seed);
            workloads.put(topic, w);
            System.out.printf("workload %s: %,d records cycled, %,d distinct keys, key %.1f B, value %.1f B,"
                    + " traceparent %.0f B%n", topic.name, POOL, w.distinctKeys(), w.meanKeyBytes(),
                    w.meanValueBytes(), w.meanHeaderBytes());
        }
        boolean ownEngine = bootstrap == null;
        KafkaSettings settings = new KafkaSettings(bootstrap == null ? EngineLauncher.kafkaBootstrap() : bootstrap,
                "bench");
        try (Admin admin = KafkaClients.admin(settings)) {
            CpuMeter cpu = CpuMeter.find();
            System.out.printf("broker %s (CPU %s); %d combinations%n", settings.bootstrapServers(),
                    cpu.seesBroker() ? "measured" : "not measured: not started here", cases.size());
            Idle idle = Idle.measure(cpu);
            System.out.printf("idle: broker %s cores, this JVM %.3f cores, other processes %.2f cores%n",
                    idle.brokerCores() == null ? "?" : "%.3f".formatted(idle.brokerCores()), idle.clientCores(),
                    idle.otherCores());
            Bench bench = new Bench(settings, workloads, saturationRecords, quick ? 1 : rounds, warmup, cpu);
            Runner runner = new Runner(bench, new Topics(admin, settings, partitions), maxOtherCores,
                    quick ? 0 : retries, quick ? 0 : quietWaitSeconds);
            Case first = cases.getFirst();
            List<Row> rows = runner.run(new Case("warm-up", first.topic(), first.producer(), first.consumer(),
                    first.saturate(), first.rate(), first.seconds()), quick ? 1 : 3, cases);
            System.out.printf("%n%s%n", KafkaReport.markdown(rows));
            String name = quick ? "kafka-quick" : "kafka";
            KafkaReport.writeJson(name, figures(rows, workloads, saturationRecords, warmup, idle, loadBefore));
            KafkaReport.writePlots(name, rows);
            return rows.stream().anyMatch(r -> r.errors() > 0) ? 1 : 0;
        } finally {
            if (ownEngine) {
                EngineLauncher.stopOwned();
            }
        }
    }

    private Map<String, Object> figures(List<Row> rows, Map<Workload.Topic, Workload> workloads,
            int saturationRecords, double warmup, Idle idle, String loadBefore) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("quick", quick);
        options.put("saturationRecords", saturationRecords);
        options.put("saturationRounds", quick ? 1 : rounds);
        options.put("pacedWarmupSeconds", warmup);
        options.put("partitions", partitions);
        options.put("replicationFactor", 1);
        options.put("users", users);
        options.put("conversations", conversations);
        options.put("zipf", zipf);
        options.put("seed", seed);
        options.put("only", only == null ? null : only.pattern());
        options.put("maxOtherCores", maxOtherCores);
        options.put("engineFolder", System.getProperty("java.io.tmpdir") + "/cellchat-engines");
        options.put("retries", quick ? 0 : retries);
        options.put("quietWaitSeconds", quick ? 0 : quietWaitSeconds);
        Map<String, Object> sizes = new LinkedHashMap<>();
        workloads.forEach((topic, w) -> sizes.put(topic.name, Map.of(
                "meanKeyBytes", ProducerRun.round(w.meanKeyBytes(), 1),
                "meanValueBytes", ProducerRun.round(w.meanValueBytes(), 1),
                "meanTraceparentBytes", ProducerRun.round(w.meanHeaderBytes(), 1),
                "distinctKeysInCycle", w.distinctKeys())));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("options", options);
        figures.put("workload", sizes);
        figures.put("idleBeforeSweep", idle);
        figures.put("loadAverageBefore", loadBefore);
        figures.put("loadAverageAfter", loadAverage());
        figures.put("rows", rows);
        return figures;
    }

    /**
     * What the broker and this JVM burn with no load (KRaft heartbeats, metadata, idle clients), in cores, measured
     * over 3 s before the sweep: the fixed part of the per-record CPU figures at low rates.
     */
    record Idle(@Nullable Double brokerCores, double clientCores, double otherCores) {

        static Idle measure(CpuMeter cpu) throws InterruptedException {
            CpuMeter.Sample before = cpu.sample();
            Thread.sleep(3_000);
            CpuMeter.Sample after = cpu.sample();
            double wall = after.wallNanos() - before.wallNanos();
            return new Idle(before.brokerNanos() < 0 ? null
                    : ProducerRun.round((after.brokerNanos() - before.brokerNanos()) / wall, 3),
                    ProducerRun.round((after.clientNanos() - before.clientNanos()) / wall, 3),
                    ProducerRun.round(after.otherCoresSince(before), 2));
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
