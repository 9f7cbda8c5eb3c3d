package io.cellchat.bench.cassandra;

import static java.util.Objects.requireNonNull;
import static java.util.Objects.requireNonNullElse;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cellchat.platform.cassandra.CassandraSessions;
import io.cellchat.platform.cassandra.CassandraSettings;
import io.cellchat.testing.engines.EngineLauncher;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cellchat bench cassandra}: how the materializer should write {@code chat.events} to the history tables.
 *
 * <p>Steps: start the run's Cassandra node (the test fixtures' engine, or {@code --contact-point}), create the
 * {@link HistorySchema} tables, draw the {@link Workload}, warm up every strategy, then run each {@link Strategy} on
 * the same events from empty tables, in {@code --rounds} rounds (odd rounds in list order, even rounds reversed, so
 * a drift of the machine does not favour one strategy), and report through {@link CassandraReport}.
 */
@Command(name = "cassandra", mixinStandardHelpOptions = true,
        description = "Cassandra write strategies for the materializer (single async writes with bounded concurrency,"
                + " unlogged batches per partition, logged batches, unlogged batches across partitions) on the"
                + " history tables, against a real Cassandra 5 node. Writes docs/benchmarks/cassandra.json and plots.")
public final class CassandraCommand implements Callable<Integer> {

    /** How long to wait before a run for other processes to leave the cores alone. */
    private static final Duration QUIET_WAIT = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "CI smoke run, under a minute: 1,500 events, 1 round, short warm-up;"
            + " writes cassandra-quick.json.")
    boolean quick;

    @Option(names = "--events", description = "Events per strategy and round (default: ${DEFAULT-VALUE}).")
    int events = 50_000;

    @Option(names = "--rounds", description = "Rounds over all strategies (default: ${DEFAULT-VALUE}).")
    int rounds = 5;

    @Option(names = "--warmup-events", description = "Untimed events per strategy first (default: ${DEFAULT-VALUE}).")
    int warmupEvents = 30_000;

    @Option(names = "--strategies", split = ",", description = "Strategies to run (default: all: async-32,"
            + " async-128, async-512, async-128-coalesced, unlogged-partition, logged-event, unlogged-event;"
            + " also async-<n>[-coalesced]).")
    @Nullable List<String> strategies;

    @Option(names = "--poll-size", description = "Events per Kafka poll (default: ${DEFAULT-VALUE}).")
    int pollSize = 500;

    @Option(names = "--conversations", description = "Conversations (default: ${DEFAULT-VALUE}).")
    int conversations = 10_000;

    @Option(names = "--users", description = "Users the members are drawn from (default: ${DEFAULT-VALUE}).")
    int users = 20_000;

    @Option(names = "--group-share", description = "Share of conversations that are groups (default: ${DEFAULT-VALUE}).")
    double groupShare = 0.2;

    @Option(names = "--group-size", description = "Members of a group (default: ${DEFAULT-VALUE}).")
    int groupSize = 10;

    @Option(names = "--zipf", description = "Zipf exponent of conversation activity; 0 = uniform (default: ${DEFAULT-VALUE}).")
    double zipf = 1.0;

    @Option(names = "--max-batch-rows", description = "Rows per unlogged partition batch at most (default: ${DEFAULT-VALUE}).")
    int maxBatchRows = 64;

    @Option(names = "--seed", description = "Workload seed (default: ${DEFAULT-VALUE}).")
    long seed = 42;

    @Option(names = "--contact-point", description = "host:port of an existing node instead of starting one.")
    @Nullable String contactPoint;

    @Option(names = "--datacenter", description = "Local datacenter with --contact-point (default: ${DEFAULT-VALUE}).")
    String datacenter = "datacenter1";

    @Option(names = "--report-name", description = "Name of the JSON and plots under docs/benchmarks"
            + " (default: cassandra, or cassandra-quick with --quick).")
    @Nullable String reportName;

    @Option(names = "--keyspace", description = "Keyspace to (re)create (default: ${DEFAULT-VALUE}).")
    String keyspace = "cellchat_bench";

    private @Nullable String loadAtStart;

    @Override
    public Integer call() throws Exception {
        if (quick) {
            events = 1_500;
            rounds = 1;
            warmupEvents = 200;
        }
        String name = reportName != null ? reportName : quick ? "cassandra-quick" : "cassandra";
        quietDriverWarnings();
        List<Strategy> chosen = strategies == null ? Strategy.all() : strategies.stream().map(Strategy::named).toList();
        boolean owned = contactPoint == null;
        try {
            InetSocketAddress endpoint;
            if (contactPoint == null) {
                System.out.println("starting Cassandra (the test fixtures' node, JDK 17) ...");
                endpoint = EngineLauncher.cassandraContactPoint();
                datacenter = EngineLauncher.cassandraDatacenter();
            } else {
                String[] hostPort = contactPoint.split(":");
                endpoint = new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1]));
            }
            OptionalLong serverPid = owned ? CpuSampler.ownedCassandraPid() : OptionalLong.empty();
            try (CqlSession session = CassandraSessions.open(new CassandraSettings(List.of(endpoint), datacenter, null))) {
                return run(session, endpoint, serverPid, chosen, name);
            }
        } finally {
            if (owned) {
                EngineLauncher.stopOwned();
            }
        }
    }

    private int run(CqlSession session, InetSocketAddress endpoint, OptionalLong serverPid, List<Strategy> chosen,
            String name) throws InterruptedException {
        Row local = requireNonNull(session.execute("SELECT release_version FROM system.local").one(), "system.local");
        String version = requireNonNullElse(local.getString(0), "unknown");
        loadAtStart = loadAverage();
        System.out.println("machine load average (1, 5, 15 min): " + loadAtStart);
        System.out.printf("Cassandra %s at %s (server pid %s)%n", version, endpoint,
                serverPid.isPresent() ? serverPid.getAsLong() : "unknown: no server CPU figures");
        long phase = System.nanoTime();
        HistorySchema schema = new HistorySchema(keyspace);
        schema.drop(session);
        schema.create(session);
        System.out.printf(Locale.ROOT, "schema created in %.1f s%n", (System.nanoTime() - phase) / 1e9);

        Workload measured = Workload.generate(new Workload.Params(events, pollSize, conversations, users, groupShare,
                groupSize, zipf, seed));
        Workload warmup = measured.prefix(Math.min(warmupEvents, events));
        System.out.println("workload: " + measured.stats());

        HistoryRows rows = new HistoryRows(session, schema);
        Readback readback = new Readback(session, schema);
        CassandraReport report = new CassandraReport(name);
        long started = System.nanoTime();
        CpuSampler cpu = new CpuSampler(serverPid);
        try (PollWriter writer = new PollWriter(session, rows, maxBatchRows, cpu)) {
            System.out.printf("warm-up: %,d events per strategy%n", warmup.events());
            for (Strategy strategy : chosen) {
                writer.run(strategy, warmup, 0, quick ? null : "warm-up " + strategy.name());
            }
            for (int round = 1; round <= rounds; round++) {
                List<Strategy> order = new ArrayList<>(chosen);
                if (round % 2 == 0) {
                    order = order.reversed();
                }
                for (Strategy strategy : order) {
                    schema.truncate(session);
                    // Let the truncate's flush settle, and other processes on the shared cores quieten (bounded).
                    double other = quick ? 0 : cpu.awaitQuiet(QUIET_WAIT);
                    System.out.printf(Locale.ROOT, "round %d/%d, %s: %,d events in polls of %d, %d in flight"
                                    + " (other processes: %.2f cores)%n", round, rounds, strategy.name(),
                            measured.events(), pollSize, strategy.concurrency(), other);
                    Measurement m = writer.run(strategy, measured, round, strategy.name());
                    report.add(m.withReadback(readback.check(measured)));
                }
            }
        }
        System.out.printf(Locale.ROOT, "measured in %.0f s%n", (System.nanoTime() - started) / 1e9);
        var summary = report.summary();
        report.printSummary(summary);
        report.write(setup(version, schema, chosen, measured), summary);
        if (contactPoint != null) {
            schema.drop(session);
        }
        long failures = summary.stream()
                .mapToLong(row -> (Long) requireNonNull(row.get("errors"))
                        + (Long) requireNonNull(row.get("readbackRowsWrong")))
                .sum();
        if (failures > 0) {
            System.out.println("FAILED: " + failures + " failed requests or wrong rows (see errors and readback)");
        }
        return failures > 0 ? 1 : 0;
    }

    private Map<String, Object> setup(String version, HistorySchema schema, List<Strategy> chosen, Workload measured) {
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("cassandra", version);
        server.put("nodes", 1);
        server.put("replicationFactor", 1);
        server.put("consistency", "LOCAL_QUORUM (= ONE at RF 1)");
        if (contactPoint == null) {
            server.put("jvm", "JDK 17, -Xms256m -Xmx512m, G1 (testing/test-support CassandraEngine)");
            server.put("commitlog", "periodic, 10 s");
        }
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("quick", quick);
        options.put("events", events);
        options.put("rounds", rounds);
        options.put("warmupEvents", warmupEvents);
        options.put("pollSize", pollSize);
        options.put("conversations", conversations);
        options.put("users", users);
        options.put("groupShare", groupShare);
        options.put("groupSize", groupSize);
        options.put("zipf", zipf);
        options.put("maxBatchRows", maxBatchRows);
        options.put("seed", seed);
        Map<String, Object> setup = new LinkedHashMap<>();
        setup.put("arguments", spec.commandLine().getParseResult().originalArgs());
        setup.put("loadAverageAtStart", loadAtStart);
        setup.put("options", options);
        setup.put("server", server);
        setup.put("strategies", chosen.stream().map(s -> Map.of("name", s.name(), "grouping", s.grouping().name(),
                "concurrency", s.concurrency(), "coalesce", s.coalesce())).toList());
        setup.put("workload", measured.stats());
        setup.put("schema", schema.tablesCql());
        return setup;
    }

    /** The machine's load averages: other work on the shared cores disturbs every figure. */
    private static String loadAverage() {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    /**
     * The driver logs every server-side warning (a batch over the size or spread threshold) at WARN, once per
     * request; the runs count them instead ({@code serverWarnings}).
     */
    private static void quietDriverWarnings() {
        if (LoggerFactory.getLogger("com.datastax.oss.driver.internal.core.cql.CqlRequestHandler")
                instanceof ch.qos.logback.classic.Logger logger) {
            logger.setLevel(ch.qos.logback.classic.Level.ERROR);
        }
    }
}
