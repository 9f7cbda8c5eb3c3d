package io.cellchat.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellchat.bench.report.Results;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./cellchat bench cell-plan}: measures nothing; reads the {@code cell} steps of a one-to-one result file and
 * prints, as Markdown, the two tables of docs/design/capacity.md that come from it: each role and engine's CPU when
 * idle and per message beyond it, at each step (Table 1), and the cores and servers each needs for a population at
 * a stated message rate (Table 3), by the formulas stated there. So a new run updates the document by pasting two
 * tables, and the arithmetic is never redone by hand.
 */
@Command(name = "cell-plan", mixinStandardHelpOptions = true,
        description = "Size a cell from the cell target's CPU per message (docs/design/capacity.md); measures nothing.")
public final class CellPlanCommand implements Callable<Integer> {

    @Option(names = "--from", defaultValue = "one-to-one-cell",
            description = "Result file docs/benchmarks/<name>.json with cell steps (default: ${DEFAULT-VALUE}).")
    String from;

    @Option(names = "--step", description = "Offered rate of the step to use (default: the highest the cell "
            + "delivered whole, nothing lost and at least 95% of the offered rate; else the highest delivered).")
    @Nullable Double step;

    @Option(names = "--active-users", defaultValue = "10000000", description = "N (default: ${DEFAULT-VALUE}).")
    long activeUsers;

    @Option(names = "--messages-per-day", defaultValue = "100",
            description = "m, messages sent per active user per day (default: ${DEFAULT-VALUE}).")
    double messagesPerDay;

    @Option(names = "--peak", defaultValue = "3", description = "p, peak-to-mean ratio (default: ${DEFAULT-VALUE}).")
    double peak;

    @Option(names = "--online", defaultValue = "0.2",
            description = "o, share of active users online at the peak (default: ${DEFAULT-VALUE}).")
    double online;

    @Option(names = "--devices", defaultValue = "1.3",
            description = "d, devices per online user (default: ${DEFAULT-VALUE}).")
    double devices;

    @Option(names = "--utilisation", defaultValue = "0.5",
            description = "u, target CPU utilisation (default: ${DEFAULT-VALUE}).")
    double utilisation;

    @Option(names = "--cores", defaultValue = "16", description = "k, cores per server (default: ${DEFAULT-VALUE}).")
    int cores;

    @Option(names = "--connections-per-server", defaultValue = "100000",
            description = "L, connections one messaging server holds (default: ${DEFAULT-VALUE}).")
    int connectionsPerServer;

    @Option(names = "--replication", defaultValue = "3",
            description = "Replication factor of Kafka and Cassandra (default: ${DEFAULT-VALUE}).")
    int replication;

    /**
     * One step of the cell: its offered and delivered rates, the messages the cell handled per second (the probe's
     * included), and each process's µs per handled message.
     */
    record CellStep(double offered, double delivered, double handled, double p99, long lost,
            Map<String, Double> micros) {

        /** The process's CPU during the step, in percent of one core. */
        double percent(String process) {
            return micros.getOrDefault(process, Double.NaN) * handled / 1e4;
        }
    }

    /** The cell measured idle: each process's CPU in percent of one core, with this many clients connected. */
    record Idle(Map<String, Double> percent, long connections) {

        static final Idle UNMEASURED = new Idle(Map.of(), 0);
    }

    @Override
    public Integer call() {
        System.out.println(plan(Results.read(from)));
        return 0;
    }

    /** Table 1 and Table 3 of docs/design/capacity.md, in Markdown, from a one-to-one result document. */
    String plan(JsonNode document) {
        List<CellStep> steps = new ArrayList<>();
        for (JsonNode node : document.path("figures").path("steps")) {
            if (node.path("target").asText().equals("cell")) {
                double delivered = node.path("deliveredPerSecond").asDouble();
                double handled = node.path("handledPerSecond").asDouble(0);
                steps.add(new CellStep(node.path("offeredPerSecond").asDouble(), delivered,
                        handled > 0 ? handled : delivered, node.path("fromScheduled").path("p99").asDouble(),
                        node.path("lost").asLong(), grouped(node.path("cpuMicrosPerMessageByProcess"))));
            }
        }
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("--from " + from + ": no step of the cell target in it");
        }
        JsonNode idleNode = document.path("figures").path("cell").path("idle");
        Idle idle = idleNode.isMissingNode() ? Idle.UNMEASURED
                : new Idle(grouped(idleNode.path("cpuPercentByProcess")), idleNode.path("connections").asLong());
        CellStep used = choose(steps);
        return table1(steps, used, idle) + "\n\n" + table3(used, idle);
    }

    private static Map<String, Double> grouped(JsonNode byProcess) {
        Map<String, Double> grouped = new LinkedHashMap<>();
        byProcess.properties().forEach(e -> grouped.merge(group(e.getKey()), e.getValue().asDouble(), Double::sum));
        return grouped;
    }

    /** Messaging servers and Kafka brokers are summed: a message passes through two servers, and every broker. */
    static String group(String process) {
        if (process.startsWith("messaging-")) {
            return "messaging servers";
        }
        return process.startsWith("kafka-") ? "kafka" : process;
    }

    /**
     * A process's CPU per message beyond its idle cost: (CPU during the step − CPU idle) / messages handled. Without
     * an idle measurement, the whole CPU per message (an upper bound).
     */
    static double perMessage(CellStep step, Idle idle, String process) {
        double micros = step.micros().getOrDefault(process, Double.NaN);
        Double idlePercent = idle.percent().get(process);
        return idlePercent == null ? micros : Math.max(0, micros - idlePercent * 1e4 / step.handled());
    }

    /**
     * The step given by {@code --step}; else the highest offered rate that the cell delivered whole (nothing lost,
     * at least 95% of the offered rate delivered): its knee, where the cost per message is not inflated by
     * queueing. The cell's latency never meets the single process's 50 ms bar (a message waits for the sequencer's
     * transaction, up to {@code sequencer.commit-interval}), so latency does not choose. Else the highest delivered.
     */
    private CellStep choose(List<CellStep> steps) {
        Double wanted = step;
        if (wanted != null) {
            return steps.stream().filter(s -> s.offered() == wanted).findFirst().orElseThrow(
                    () -> new IllegalArgumentException("--step: " + wanted + " (expected one of the offered rates: "
                            + steps.stream().map(CellStep::offered).toList() + ")"));
        }
        return steps.stream().filter(s -> s.lost() == 0 && s.delivered() >= 0.95 * s.offered())
                .max(java.util.Comparator.comparingDouble(CellStep::offered))
                .orElseGet(() -> steps.stream().max(java.util.Comparator.comparingDouble(CellStep::delivered))
                        .orElseThrow());
    }

    private static String table1(List<CellStep> steps, CellStep used, Idle idle) {
        StringBuilder out = new StringBuilder(idle.percent().isEmpty() ? "| Process | idle (not measured) | "
                : String.format(Locale.ROOT, "| Process | idle (%,d clients) | ", idle.connections()));
        steps.forEach(s -> out.append(String.format(Locale.ROOT, "%,.0f/s offered%s | ", s.offered(),
                s.offered() == used.offered() ? " (used)" : "")));
        out.append("\n|---|---|").append("---|".repeat(steps.size())).append('\n');
        for (String process : used.micros().keySet()) {
            out.append("| ").append(process).append(" | ");
            Double idlePercent = idle.percent().get(process);
            out.append(idlePercent == null ? "not measured" : String.format(Locale.ROOT, "%.0f%%", idlePercent))
                    .append(" | ");
            for (CellStep s : steps) {
                out.append(String.format(Locale.ROOT, "%,.0f µs (%.0f%%) | ", perMessage(s, idle, process),
                        s.percent(process)));
            }
            out.append('\n');
        }
        out.append("| **total** | ").append(String.format(Locale.ROOT, "**%.0f%%** | ",
                idle.percent().values().stream().mapToDouble(Double::doubleValue).sum()));
        for (CellStep s : steps) {
            double perMessage = s.micros().keySet().stream().mapToDouble(p -> perMessage(s, idle, p)).sum();
            double percent = s.micros().keySet().stream().mapToDouble(s::percent).sum();
            out.append(String.format(Locale.ROOT, "**%,.0f µs** (%.0f%%) | ", perMessage, percent));
        }
        out.append("\n| delivered/s, p99 ms, lost | | ");
        steps.forEach(s -> out.append(String.format(Locale.ROOT, "%,.0f, %,.0f, %,d | ", s.delivered(), s.p99(),
                s.lost())));
        return out.toString();
    }

    private String table3(CellStep used, Idle idle) {
        double rate = activeUsers * messagesPerDay * peak / 86_400;
        double connections = activeUsers * online * devices;
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "R = %,.0f messages/s at the peak; C = %,.0f connections; u = %.0f%%; k = %d cores; "
                        + "RF %d; from the %,.0f/s step.%n%n", rate, connections, utilisation * 100, cores,
                replication, used.offered()));
        out.append("| Role or engine | µs per message | × | cores at the peak | servers | sized by |\n");
        out.append("|---|---|---|---|---|---|\n");
        double connectionCores = 0;
        for (String process : used.micros().keySet()) {
            double micros = perMessage(used, idle, process);
            boolean replicated = process.equals("kafka") || process.equals("cassandra");
            double factor = replicated ? replication : 1;
            double needed = rate * micros * factor / 1e6 / utilisation;
            boolean messaging = process.equals("messaging servers");
            Double idlePercent = idle.percent().get(process);
            if (messaging && idlePercent != null && idle.connections() > 0) {
                connectionCores = connections * idlePercent / 100 / idle.connections() / utilisation;
                needed += connectionCores;
            }
            long byCpu = (long) Math.ceil(needed / cores);
            long floor = replicated ? replication : 2;
            long servers = Math.max(byCpu, floor);
            String reason = servers == byCpu ? "CPU" : replicated ? "RF " + replication : "one may fail";
            if (messaging) {
                long byConnections = (long) Math.ceil(connections / connectionsPerServer);
                if (byConnections > servers) {
                    servers = byConnections;
                    reason = "connections (" + connectionsPerServer + " per server)";
                }
            }
            out.append(String.format(Locale.ROOT, "| %s | %,.0f | %s | %,.1f | %,d | %s |%n", process, micros,
                    replicated ? "RF " + replication : "1", needed, servers, reason));
        }
        if (connectionCores > 0) {
            out.append(String.format(Locale.ROOT, "%nThe messaging servers' cores include %,.1f for holding C "
                    + "connections idle (their idle CPU, %.0f%% of a core for %,d clients, taken as a cost per "
                    + "connection).%n", connectionCores, idle.percent().get("messaging servers"),
                    idle.connections()));
        }
        return out.toString();
    }
}
