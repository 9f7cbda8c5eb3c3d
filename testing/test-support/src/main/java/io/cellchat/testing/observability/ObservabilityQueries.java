package io.cellchat.testing.observability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cellchat.testing.engines.PrometheusServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Every PromQL query an operator's tools run against Cellchat: the targets of the Grafana dashboards and the
 * queries of the alert rules under {@code deploy/observability}. An alert's query is its {@code expr} without the
 * final comparison (the rules file's convention, checked here), so "returns data" means the watched series exist,
 * whether the alert fires or not. Dashboard variables are filled as Grafana would with "all" selected.
 */
public final class ObservabilityQueries {

    /** A query and where it comes from, for messages. */
    public record Query(String source, String promql) {}

    private static final Pattern ALERT = Pattern.compile("^\\s*-\\s*alert:\\s*(\\S+)\\s*$");
    private static final Pattern EXPR = Pattern.compile("^\\s*expr:\\s*(.+)$");
    private static final Pattern COMPARISON = Pattern.compile("^(.*\\S)\\s*(==|!=|>=|<=|>|<)\\s*-?[0-9.]+$");

    private ObservabilityQueries() {}

    public static Path deploy() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no project root above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("deploy/observability");
    }

    public static List<Query> dashboards() throws IOException {
        List<Query> queries = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(deploy().resolve("grafana"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode dashboard = json.readTree(file.toFile());
                for (JsonNode panel : dashboard.path("panels")) {
                    for (JsonNode target : panel.path("targets")) {
                        queries.add(new Query(file.getFileName() + " / " + panel.path("title").asText(),
                                fill(target.path("expr").asText())));
                    }
                }
            }
        }
        return queries;
    }

    public static List<Query> alerts() throws IOException {
        List<Query> queries = new ArrayList<>();
        try (Stream<Path> files = Files.list(deploy().resolve("prometheus/rules"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).sorted().toList()) {
                String alert = null;
                for (String line : Files.readAllLines(file)) {
                    Matcher name = ALERT.matcher(line);
                    if (name.matches()) {
                        alert = name.group(1);
                    }
                    Matcher expr = EXPR.matcher(line);
                    if (expr.matches()) {
                        Matcher comparison = COMPARISON.matcher(expr.group(1).strip());
                        if (!comparison.matches()) {
                            throw new AssertionError(file + " " + alert + ": expr is not '<query> <comparison> "
                                    + "<number>': " + expr.group(1));
                        }
                        queries.add(new Query(file.getFileName() + " / " + alert, comparison.group(1)));
                    }
                }
            }
        }
        return queries;
    }

    /** Every query a distributed cell answers: the dashboards' and the alerts', but the embedded store's. */
    public static List<Query> ofACell() throws IOException {
        List<Query> queries = new ArrayList<>();
        dashboards().stream().filter(query -> !devOnly(query)).forEach(queries::add);
        alerts().stream().filter(query -> !devOnly(query)).forEach(queries::add);
        return queries;
    }

    /**
     * Asks {@code prometheus} each query about once a second until all have data or {@code within} is over, running
     * {@code traffic} (given the round's number) before each round, so rates and latency histograms have samples in
     * their windows; returns the queries still without data as {@code "<source>: <promql>"}, for the assertion.
     */
    public static List<String> withoutData(PrometheusServer prometheus, List<Query> queries, Duration within,
            IntConsumer traffic) throws InterruptedException {
        List<Query> waiting = new ArrayList<>(queries);
        long deadline = System.nanoTime() + within.toNanos();
        for (int round = 0; !waiting.isEmpty() && System.nanoTime() < deadline; round++) {
            traffic.accept(round);
            waiting.removeIf(query -> prometheus.hasData(query.promql()));
            if (!waiting.isEmpty()) {
                Thread.sleep(1000);
            }
        }
        return waiting.stream().map(query -> query.source() + ": " + query.promql()).toList();
    }

    /** Grafana's variables with "all" selected and a rate window that a 1 s scrape fills. */
    private static String fill(String expr) {
        return expr.replace("$__rate_interval", "30s").replace("$__interval", "30s").replace("$role", ".+");
    }

    /**
     * Metrics only a distributed cell has: its engine clients' (Kafka, Cassandra driver, Redis) and its sequencer's.
     * EngineClientsMetricsIT
     * answers them from the platform modules bound to real engines, CellServeIT from the roles of a running cell.
     */
    public static boolean cellOnly(Query query) {
        return CELL_ONLY.matcher(query.promql()).find();
    }

    /**
     * Metrics only the single process has: its embedded stores' ({@code cellchat_store_*}). A cell's history lives in
     * Cassandra, whose client meters stand in for them.
     */
    public static boolean devOnly(Query query) {
        return DEV_ONLY.matcher(query.promql()).find();
    }

    private static final Pattern DEV_ONLY = Pattern.compile("\\bcellchat_store_");
    /** The engine clients' metrics (Kafka, Cassandra driver, Redis), which any process with those clients has. */
    public static boolean engineClients(Query query) {
        return ENGINE_CLIENTS.matcher(query.promql()).find();
    }

    private static final Pattern CELL_ONLY = Pattern.compile("\\b(kafka|cassandra|lettuce|cellchat_sequencer)_");
    private static final Pattern ENGINE_CLIENTS = Pattern.compile("\\b(kafka|cassandra|lettuce)_");
}
