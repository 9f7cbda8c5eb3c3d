package io.cellchat.bench.load;

import io.cellchat.bench.report.Charts;
import io.cellchat.bench.report.Results;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One-to-one chat between online users, the workload of the ejabberd peer figures: {@code --users} online, each
 * sending 64-character texts to uniformly random online users with exponential gaps, at a sweep of total rates; a
 * probe pair at a fixed 50 msg/s gives latency percentiles comparable with the peer's probe. Every target runs the
 * same sweep in the same run, so Cellchat's figures are read as ratios of the relay's.
 */
@Command(name = "one-to-one", mixinStandardHelpOptions = true,
        description = "Delivered one-to-one messages per second and latency at a sweep of offered rates.")
public final class OneToOneCommand implements Callable<Integer> {

    @Option(names = "--targets", split = ",", defaultValue = "relay,cellchat,ejabberd",
            description = "Servers to measure, in order (default: ${DEFAULT-VALUE}); cellchat-trace-<ratio> is Cellchat "
                    + "tracing that share of messages into a real Zipkin (cellchat-trace-0.01, cellchat-trace-1); "
                    + "cell is a distributed cell started as 'cellchat cluster up' does.")
    List<String> targets;

    @Option(names = "--users", defaultValue = "2000", description = "Online users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--rates", split = ",", defaultValue = "2000,5000,10000,15000,20000,25000",
            description = "Offered messages per second, one step each (default: ${DEFAULT-VALUE}).")
    List<Double> rates;

    @Option(names = "--peer-rates", split = ",", defaultValue = "1000,2000,3000,5000",
            description = "Offered rates for ejabberd, which saturates far lower (default: ${DEFAULT-VALUE}).")
    List<Double> peerRates;

    @Option(names = "--contacts", defaultValue = "0",
            description = "Each user writes only to this many fixed contacts; 0 (default) writes to any online user,"
                    + " the peer's workload.")
    int contacts;

    @Option(names = "--server-set", split = ",", defaultValue = "",
            description = "Cellchat configuration keys for the measured server, key=value[,key=value] (default: none).")
    List<String> serverSettings;

    @Option(names = "--preload-messages", defaultValue = "10000000",
            description = "Messages preloaded for the cellchat-preloaded target (default: ${DEFAULT-VALUE}).")
    long preloadMessages;

    @Option(names = "--preload-conversations", defaultValue = "1000000",
            description = "Conversations they are spread over, between the benchmark's users"
                    + " (default: ${DEFAULT-VALUE}).")
    int preloadConversations;

    @Option(names = "--cell-brokers", defaultValue = "1",
            description = "Kafka brokers of the cell target: 1 or 3 (default: ${DEFAULT-VALUE}).")
    int cellBrokers;

    @Option(names = "--cell-messaging", defaultValue = "2",
            description = "Messaging servers of the cell target (default: ${DEFAULT-VALUE}).")
    int cellMessaging;

    @Option(names = "--cell-warmup", defaultValue = "120",
            description = "Seconds of load at the first rate before the cell's first step, not measured: for about two "
                    + "minutes under load the cell's JVMs compile their hot code and Cassandra compacts, which takes "
                    + "most of two cores (default: ${DEFAULT-VALUE}).")
    int cellWarmup;

    @Option(names = "--cell-idle", defaultValue = "20",
            description = "Seconds the cell is measured idle after its warm-up, every client connected and nothing "
                    + "sent, for each process's fixed cost (default: ${DEFAULT-VALUE}).")
    int cellIdle;

    @Option(names = "--warmup", defaultValue = "5", description = "Seconds discarded per step (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--measure", defaultValue = "25", description = "Seconds measured per step (default: ${DEFAULT-VALUE}).")
    int measure;

    @Option(names = "--drain", defaultValue = "3", description = "At most this many seconds for in-flight messages to arrive; what has not arrived then "
                    + "counts as lost (default: ${DEFAULT-VALUE}).")
    int drain;

    @Option(names = "--loops", defaultValue = "2", description = "Generator event loops (default: ${DEFAULT-VALUE}).")
    int loops;

    @Option(names = "--quick", description = "A smoke run: 200 users, one step of 1,000 msg/s, 3 s + 5 s.")
    boolean quick;

    @Option(names = "--name", defaultValue = "one-to-one", description = "Result file name (default: ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--replot", description = "Measure nothing: redraw the plots of docs/benchmarks/<name>.json.")
    boolean replot;

    @Override
    public Integer call() throws Exception {
        if (replot) {
            List<StepResult> steps = new ArrayList<>();
            Results.read(name).path("figures").path("steps")
                    .forEach(step -> steps.add(Results.convert(step, StepResult.class)));
            plot(steps);
            return 0;
        }
        if (quick) {
            users = 200;
            rates = List.of(1000.0);
            peerRates = rates;
            warmup = 3;
            measure = 5;
            drain = 30; // a smoke run proves nothing is lost, also on a loaded machine; it ends once all arrived
            cellWarmup = Math.min(cellWarmup, 10);
            cellIdle = Math.min(cellIdle, 5);
        }
        List<StepResult> results = new ArrayList<>();
        Map<String, Object> preloads = new LinkedHashMap<>();
        Map<String, Object> memory = new LinkedHashMap<>();
        Map<String, Object> cell = new LinkedHashMap<>();
        for (String targetName : targets) {
            try (Target target = Targets.start(targetName,
                    serverSettings.stream().filter(setting -> !setting.isBlank()).toList(),
                    new Targets.Preload(users + 2, preloadMessages, preloadConversations),
                    new Targets.CellShape(cellBrokers, cellMessaging))) {
                if (target instanceof CellTarget started) {
                    cell.putAll(started.facts());
                }
                if (target instanceof CellchatTarget cellchat && cellchat.preload() != null) {
                    preloads.put(target.name(), cellchat.preload());
                }
                results.addAll(sweep(target, cell));
                if (target.name().startsWith("cellchat")) {
                    Map<String, Object> used = new LinkedHashMap<>();
                    used.put("heapAfterGcBytes", ProcessStats.heapUsedAfterGc(target.pid()));
                    used.put("rssBytes", ProcessStats.rssBytes(target.pid()));
                    memory.put(target.name(), used);
                    Progress.line(target.name() + ": after the sweep " + used);
                }
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("users", users);
        figures.put("contacts", contacts);
        figures.put("preload", preloads);
        figures.put("memory", memory);
        if (!cell.isEmpty()) {
            figures.put("cell", cell);
        }
        figures.put("steps", results);
        figures.put("summary", summary(results));
        Results.write(name, figures);
        plot(results);
        return 0;
    }

    /** The steps of one target; a cell is warmed up and measured idle first, into {@code cell}. */
    private List<StepResult> sweep(Target target, Map<String, Object> cell) throws Exception {
        Progress.line(target.name() + ": creating " + (users + 2) + " users");
        List<Dialect.User> all = target.users(users + 2);
        List<Dialect.User> crowd = all.subList(0, users);
        Dialect.User probeFrom = all.get(users);
        Dialect.User probeTo = all.get(users + 1);
        List<StepResult> results = new ArrayList<>();
        try (Generator generator = new Generator(target.dialect(), loops, Generator.loopbackSources(4))) {
            int failed = generator.connectAll(all, 200, new Progress());
            if (failed > 0) {
                throw new IllegalStateException(failed + " connections failed to " + target.name());
            }
            if (target instanceof CellTarget) {
                cell.put("warmupSeconds", cellWarmup);
                cell.put("idle", warmUpAndMeasureIdle(target, generator, crowd));
            }
            generator.probe(probeFrom, probeTo, 50);
            for (double rate : target.name().equals("ejabberd") ? peerRates : rates) {
                results.add(step(target, generator, crowd, rate));
            }
        }
        return results;
    }

    /**
     * Loads the target at the first rate for {@code --cell-warmup} seconds, unmeasured, then measures each process's
     * CPU for {@code --cell-idle} seconds with every client connected and nothing sent (not even the probe): the
     * fixed cost that {@code cell-plan} subtracts to get each process's cost per message.
     */
    private Map<String, Object> warmUpAndMeasureIdle(Target target, Generator generator, List<Dialect.User> crowd)
            throws InterruptedException {
        double rate = rates.getFirst();
        generator.load(crowd, crowd, rate, contacts);
        for (int second = 0; second < cellWarmup; second += 10) {
            Progress.line(String.format("%s: warming up at %,.0f msg/s, %d of %d s (not measured)", target.name(),
                    rate, second, cellWarmup));
            Thread.sleep(Math.min(10, cellWarmup - second) * 1000L);
        }
        generator.stopLoad();
        long warmupSent = generator.sent.sum();
        awaitDelivered(generator, warmupSent, 60);
        long behind = Math.max(0, warmupSent - generator.delivered.sum());
        if (behind > 0) {
            Progress.line(String.format("%s: %,d warm-up messages still not delivered after 60 s; measuring idle "
                    + "anyway (the idle figures include their delivery)", target.name(), behind));
        }
        Thread.sleep(5000); // the commit intervals and polls after the last delivery pass
        Map<String, Long> processes = target.processes();
        Map<String, Double> before = cpuSeconds(processes);
        long started = System.nanoTime();
        Progress.line(String.format("%s: measuring %d s idle (%,d clients connected, nothing sent)", target.name(),
                cellIdle, generator.connected()));
        Thread.sleep(cellIdle * 1000L);
        double elapsed = (System.nanoTime() - started) / 1e9;
        Map<String, Double> after = cpuSeconds(processes);
        Map<String, Double> percent = new LinkedHashMap<>();
        processes.keySet().forEach(process -> percent.put(process, Math.round(
                (java.util.Objects.requireNonNull(after.get(process))
                        - java.util.Objects.requireNonNull(before.get(process))) * 1000 / elapsed) / 10.0));
        Map<String, Object> idle = new LinkedHashMap<>();
        idle.put("seconds", cellIdle);
        idle.put("warmupMessagesNotDelivered", behind);
        idle.put("connections", generator.connected());
        idle.put("cpuPercentByProcess", percent);
        Progress.line(target.name() + ": idle CPU, % of one core: " + percent);
        generator.sent.reset();
        generator.delivered.reset();
        generator.errors.clear();
        return idle;
    }

    private StepResult step(Target target, Generator generator, List<Dialect.User> crowd, double rate)
            throws InterruptedException {
        Progress.line(String.format("%s: %,.0f msg/s offered, %d s warm-up", target.name(), rate, warmup));
        generator.load(crowd, crowd, rate, contacts);
        Thread.sleep(warmup * 1000L);
        Histogram scheduled = generator.scheduledLatency.getIntervalHistogram();
        Histogram sent = generator.sentLatency.getIntervalHistogram();
        Histogram probe = generator.probeSentLatency.getIntervalHistogram();
        scheduled.reset();
        sent.reset();
        probe.reset();
        long sentBefore = generator.sent.sum();
        long deliveredBefore = generator.delivered.sum();
        long probeDeliveredBefore = generator.probeDelivered.sum();
        Map<String, Long> processes = target.processes();
        Map<String, Double> cpuBefore = cpuSeconds(processes);
        long serverWrittenBefore = writeBytes(processes);
        double generatorCpuBefore = ProcessStats.cpuSeconds(ProcessHandle.current().pid());
        long started = System.nanoTime();
        for (int second = 1; second <= measure; second++) {
            Thread.sleep(1000);
            scheduled.add(generator.scheduledLatency.getIntervalHistogram());
            sent.add(generator.sentLatency.getIntervalHistogram());
            probe.add(generator.probeSentLatency.getIntervalHistogram());
            double elapsed = (System.nanoTime() - started) / 1e9;
            Progress.line(String.format("%s @ %,.0f/s: %2d s  sent %,.0f/s  delivered %,.0f/s  p99 %.1f ms (sched %.1f)",
                    target.name(), rate, second, (generator.sent.sum() - sentBefore) / elapsed,
                    (generator.delivered.sum() - deliveredBefore) / elapsed,
                    sent.getValueAtPercentile(99) / 1000.0, scheduled.getValueAtPercentile(99) / 1000.0));
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        long sentCount = generator.sent.sum() - sentBefore;
        long deliveredCount = generator.delivered.sum() - deliveredBefore;
        // The server's CPU went to the probe's messages too (50/s, a third of all at 100/s offered): they count.
        long handled = deliveredCount + generator.probeDelivered.sum() - probeDeliveredBefore;
        Map<String, Double> cpuAfter = cpuSeconds(processes);
        Map<String, Double> cpuMicrosByProcess = new LinkedHashMap<>();
        double serverCpuSeconds = processes.isEmpty() ? Double.NaN : 0;
        for (String process : processes.keySet()) {
            double seconds = java.util.Objects.requireNonNull(cpuAfter.get(process))
                    - java.util.Objects.requireNonNull(cpuBefore.get(process));
            serverCpuSeconds += seconds;
            cpuMicrosByProcess.put(process, handled == 0 ? Double.NaN : Math.round(seconds * 1e7 / handled) / 10.0);
        }
        double serverCpu = 100 * serverCpuSeconds / elapsed;
        long serverWrittenAfter = writeBytes(processes);
        double writtenPerMessage = serverWrittenBefore < 0 || serverWrittenAfter < 0 || handled == 0 ? -1
                : (double) (serverWrittenAfter - serverWrittenBefore) / handled;
        double cpuMicrosPerMessage = handled == 0 ? Double.NaN : serverCpuSeconds * 1e6 / handled;
        double generatorCpu = 100 * (ProcessStats.cpuSeconds(ProcessHandle.current().pid()) - generatorCpuBefore)
                / elapsed;
        long totalSentBeforeDrain = generator.sent.sum();
        generator.stopLoad();
        awaitDelivered(generator, totalSentBeforeDrain, drain);
        generator.load(List.of(), crowd, 0);
        long lost = Math.max(0, totalSentBeforeDrain - generator.delivered.sum());
        Map<String, Long> errors = new java.util.TreeMap<>();
        generator.errors.forEach((code, count) -> errors.put(code, count.sum()));
        generator.errors.clear();
        generator.sent.reset();
        generator.delivered.reset();
        StepResult result = new StepResult(target.name(), rate, sentCount / elapsed, deliveredCount / elapsed,
                handled / elapsed, Latency.of(scheduled), Latency.of(sent), Latency.of(probe), lost, errors, serverCpu, generatorCpu,
                cpuMicrosPerMessage, writtenPerMessage, processes.size() > 1 ? cpuMicrosByProcess : Map.of());
        Progress.line(result.toString());
        return result;
    }

    /** Waits until {@code sent} messages have arrived, or {@code seconds} have passed. */
    private static void awaitDelivered(Generator generator, long sent, int seconds) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (generator.delivered.sum() < sent && System.nanoTime() < until) {
            Thread.sleep(50);
        }
    }

    /** CPU seconds of each process (with its descendants) so far. */
    private static Map<String, Double> cpuSeconds(Map<String, Long> processes) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        processes.forEach((name, pid) -> seconds.put(name, ProcessStats.treeCpuSeconds(pid)));
        return seconds;
    }

    /** Bytes written to storage by all the processes so far, or -1 if any is unreadable. */
    private static long writeBytes(Map<String, Long> processes) {
        long total = processes.isEmpty() ? -1 : 0;
        for (long pid : processes.values()) {
            long written = ProcessStats.treeWriteBytes(pid);
            if (written < 0) {
                return -1;
            }
            total += written;
        }
        return total;
    }

    /** The highest delivered rate with p99 (from the scheduled time) under 50 ms, per target, and the ratio. */
    static Map<String, Object> summary(List<StepResult> results) {
        Map<String, Double> best = new LinkedHashMap<>();
        for (StepResult step : results) {
            if (step.fromScheduled().p99() < 50 && step.lost() == 0) {
                best.merge(step.target(), step.deliveredPerSecond(), Math::max);
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("deliveredPerSecondAtP99Under50ms", best);
        if (best.containsKey("relay") && best.containsKey("cellchat")) {
            summary.put("cellchatToRelayRatio", Math.round(best.get("cellchat") / best.get("relay") * 100) / 100.0);
        }
        if (best.containsKey("cell") && best.containsKey("cellchat")) {
            summary.put("cellToCellchatRatio", Math.round(best.get("cell") / best.get("cellchat") * 100) / 100.0);
        }
        Map<String, Double> tracing = new LinkedHashMap<>();
        best.forEach((target, rate) -> {
            if (target.startsWith("cellchat-trace-") && best.containsKey("cellchat")) {
                tracing.put(target, Math.round(rate / best.get("cellchat") * 100) / 100.0);
            }
        });
        if (!tracing.isEmpty()) {
            summary.put("tracedToUntracedRatio", tracing);
        }
        Map<String, Map<String, Object>> perStep = new LinkedHashMap<>();
        for (StepResult step : results) {
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("delivered", Math.round(step.deliveredPerSecond()));
            figures.put("p99Ms", step.fromScheduled().p99());
            figures.put("cpuMicrosPerMessage", Math.round(step.serverCpuMicrosPerMessage()));
            figures.put("writeBytesPerMessage", Math.round(step.serverWriteBytesPerMessage()));
            if (!step.errors().isEmpty()) {
                figures.put("errors", step.errors());
            }
            Map<String, Double> byProcess = step.cpuMicrosPerMessageByProcess();
            if (byProcess != null && !byProcess.isEmpty()) {
                figures.put("cpuMicrosPerMessageByProcess", byProcess);
            }
            perStep.computeIfAbsent(step.target(), t -> new LinkedHashMap<>())
                    .put(String.format("%.0f", step.offeredPerSecond()), figures);
        }
        summary.put("perStep", perStep);
        Map<String, Double> preloadedToFresh = new LinkedHashMap<>();
        for (StepResult fresh : results) {
            if (!fresh.target().equals("cellchat")) {
                continue;
            }
            results.stream()
                    .filter(step -> step.target().equals("cellchat-preloaded")
                            && step.offeredPerSecond() == fresh.offeredPerSecond())
                    .findFirst()
                    .ifPresent(preloaded -> preloadedToFresh.put(String.format("%.0f", fresh.offeredPerSecond()),
                            Math.round(preloaded.fromScheduled().p99() / fresh.fromScheduled().p99() * 100) / 100.0));
        }
        if (!preloadedToFresh.isEmpty()) {
            summary.put("p99PreloadedToFresh", preloadedToFresh);
        }
        return summary;
    }

    private void plot(List<StepResult> results) {
        Map<String, Map<Double, Double>> p99 = new LinkedHashMap<>();
        Map<String, Map<Double, Double>> delivered = new LinkedHashMap<>();
        for (StepResult step : results) {
            p99.computeIfAbsent(step.target() + " p99", t -> new LinkedHashMap<>())
                    .put(step.offeredPerSecond(), step.fromScheduled().p99());
            p99.computeIfAbsent(step.target() + " p50", t -> new LinkedHashMap<>())
                    .put(step.offeredPerSecond(), step.fromScheduled().p50());
            delivered.computeIfAbsent(step.target(), t -> new LinkedHashMap<>())
                    .put(step.offeredPerSecond(), step.deliveredPerSecond());
        }
        Charts.lines(name + "-latency.png", "One-to-one latency (from scheduled send) vs offered rate",
                "offered msg/s", "ms (log scale)", p99, true);
        Charts.lines(name + "-throughput.png", "Delivered vs offered messages per second", "offered msg/s",
                "delivered msg/s", delivered);
        Map<String, Map<Double, Double>> cpuByProcess = new LinkedHashMap<>();
        for (StepResult step : results) {
            Map<String, Double> byProcess = step.cpuMicrosPerMessageByProcess();
            if (byProcess != null) {
                byProcess.forEach((process, micros) -> cpuByProcess
                        .computeIfAbsent(step.target() + " " + process, p -> new LinkedHashMap<>())
                        .put(step.offeredPerSecond(), micros));
            }
        }
        if (!cpuByProcess.isEmpty()) {
            Charts.lines(name + "-cpu-by-process.png", "CPU per delivered message, each process of the cell",
                    "offered msg/s", "CPU µs per delivered message", cpuByProcess);
        }
    }
}
