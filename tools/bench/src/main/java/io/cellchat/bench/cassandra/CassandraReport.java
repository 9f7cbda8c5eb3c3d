package io.cellchat.bench.cassandra;

import static java.util.Objects.requireNonNull;

import io.cellchat.bench.report.Results;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jspecify.annotations.Nullable;

/**
 * Prints the runs as a table, writes {@code cassandra.json} (or {@code cassandra-quick.json}) through
 * {@link Results}, and three bar charts beside it: throughput, poll latency and CPU cost per strategy.
 */
final class CassandraReport {

    private final String name;
    private final List<Measurement> runs = new ArrayList<>();

    CassandraReport(String name) {
        this.name = name;
    }

    void add(Measurement m) {
        runs.add(m);
        System.out.printf(Locale.ROOT, "  %s round %d: %,.0f events/s, %,.0f rows/s, %,.0f req/s; write p50/p99 %.1f/%.1f ms;"
                        + " poll p50/p99 %.0f/%.0f ms; cores server %.2f bench %.2f other %.2f; %d errors;"
                        + " %d server warnings; readback %d/%d rows wrong%s%n",
                m.strategy(), m.round(), m.eventsPerSecond(), m.rowsPerSecond(), m.requestsPerSecond(),
                ms(m.writeLatency().getValueAtPercentile(50)), ms(m.writeLatency().getValueAtPercentile(99)),
                ms(m.pollLatency().getValueAtPercentile(50)), ms(m.pollLatency().getValueAtPercentile(99)),
                m.core("server"), m.core("bench"), m.core("other"), m.errors(), m.warnings(),
                m.readback().get("rowsWrong"), m.readback().get("rowsChecked"), m.disturbed() ? "; DISTURBED" : "");
    }

    /**
     * Per strategy: medians over its undisturbed runs (over all its runs if every one was disturbed), and the spread
     * of events/s over all runs; and, robust to drift during the run, the median over rounds of its events/s divided
     * by the baseline's (async-128, else the first strategy) in the same round.
     */
    List<Map<String, Object>> summary() {
        Map<String, List<Measurement>> byStrategy = new LinkedHashMap<>();
        runs.forEach(m -> byStrategy.computeIfAbsent(m.strategy(), k -> new ArrayList<>()).add(m));
        String baseline = byStrategy.containsKey("async-128") ? "async-128" : byStrategy.keySet().iterator().next();
        Map<Integer, Double> baselinePerRound = new LinkedHashMap<>();
        requireNonNull(byStrategy.get(baseline)).forEach(m -> baselinePerRound.put(m.round(), m.eventsPerSecond()));
        List<Map<String, Object>> rows = new ArrayList<>();
        byStrategy.forEach((strategy, ms) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("strategy", strategy);
            row.put("rounds", ms.size());
            row.put("baseline", baseline);
            row.put("eventsPerSecondVsBaseline",
                    round2(median(ms, m -> m.eventsPerSecond() / requireNonNull(baselinePerRound.get(m.round())))));
            row.put("eventsPerSecondMin", Math.round(ms.stream().mapToDouble(Measurement::eventsPerSecond).min().orElse(0)));
            row.put("eventsPerSecondMax", Math.round(ms.stream().mapToDouble(Measurement::eventsPerSecond).max().orElse(0)));
            List<Measurement> clean = ms.stream().filter(m -> !m.disturbed()).toList();
            row.put("undisturbedRuns", clean.size());
            if (!clean.isEmpty()) {
                ms = clean;
            }
            row.put("eventsPerSecond", Math.round(median(ms, Measurement::eventsPerSecond)));
            row.put("rowsPerSecond", Math.round(median(ms, Measurement::rowsPerSecond)));
            row.put("requestsPerSecond", Math.round(median(ms, Measurement::requestsPerSecond)));
            row.put("rowsWrittenPerEvent", round2(ms.getFirst().rowsWritten() / (double) ms.getFirst().events()));
            row.put("writeP50Ms", round2(median(ms, m -> ms(m.writeLatency().getValueAtPercentile(50)))));
            row.put("writeP99Ms", round2(median(ms, m -> ms(m.writeLatency().getValueAtPercentile(99)))));
            row.put("pollP50Ms", round2(median(ms, m -> ms(m.pollLatency().getValueAtPercentile(50)))));
            row.put("pollP99Ms", round2(median(ms, m -> ms(m.pollLatency().getValueAtPercentile(99)))));
            row.put("serverCores", round2(median(ms, m -> m.core("server"))));
            row.put("serverCpuMsPer1kEvents", round2(median(ms, Measurement::serverCpuMsPer1kEvents)));
            row.put("benchCpuMsPer1kEvents", round2(median(ms, CassandraReport::benchCpuMsPer1kEvents)));
            row.put("otherCores", round2(median(ms, m -> m.core("other"))));
            row.put("errors", ms.stream().mapToLong(Measurement::errors).sum());
            row.put("serverWarningsPerRun", Math.round(median(ms, Measurement::warnings)));
            row.put("readbackRowsWrong", ms.stream().mapToLong(m -> m.readback().get("rowsWrong")).sum());
            rows.add(row);
        });
        return rows;
    }

    void printSummary(List<Map<String, Object>> summary) {
        System.out.println();
        System.out.println("medians over the runs not disturbed by other processes (clean); min-max over all runs;"
                + " x base: median over rounds of events/s relative to " + summary.getFirst().get("baseline")
                + " in the same round");
        System.out.printf(Locale.ROOT, "%-22s %10s %17s %6s %7s %10s %9s %9s %11s %11s %6s %6s%n", "strategy",
                "events/s", "(min-max)", "clean", "x base", "rows/s", "poll p50", "poll p99", "srv ms/1k", "srv cores",
                "errors", "wrong");
        for (Map<String, Object> row : summary) {
            System.out.printf(Locale.ROOT, "%-22s %,10d %17s %6s %7.2f %,10d %9.1f %9.1f %11.1f %11.2f %6d %6d%n",
                    row.get("strategy"), (Long) row.get("eventsPerSecond"),
                    "(" + row.get("eventsPerSecondMin") + "-" + row.get("eventsPerSecondMax") + ")",
                    row.get("undisturbedRuns") + "/" + row.get("rounds"), nz(row.get("eventsPerSecondVsBaseline")),
                    (Long) row.get("rowsPerSecond"), nz(row.get("pollP50Ms")), nz(row.get("pollP99Ms")),
                    nz(row.get("serverCpuMsPer1kEvents")), nz(row.get("serverCores")), (Long) row.get("errors"),
                    (Long) row.get("readbackRowsWrong"));
        }
        System.out.println();
    }

    /** Writes the JSON document and the plots; returns the JSON file. */
    Path write(Map<String, Object> setup, List<Map<String, Object>> summary) {
        Map<String, Object> figures = new LinkedHashMap<>(setup);
        figures.put("summary", summary);
        figures.put("runs", runs.stream().map(Measurement::toMap).toList());
        figures.put("plots", plots(summary));
        return Results.write(name, figures);
    }

    private List<String> plots(List<Map<String, Object>> summary) {
        System.setProperty("java.awt.headless", "true");
        List<String> files = new ArrayList<>();

        DefaultCategoryDataset throughput = new DefaultCategoryDataset();
        runs.forEach(m -> throughput.addValue(m.eventsPerSecond(), "round " + m.round(), m.strategy()));
        files.add(save("throughput", bar("Cassandra history writes: events/s at saturation (higher is better)",
                "events/s", throughput)));

        DefaultCategoryDataset latency = new DefaultCategoryDataset();
        for (Map<String, Object> row : summary) {
            latency.addValue((Double) row.get("pollP50Ms"), "poll p50", (String) row.get("strategy"));
            latency.addValue((Double) row.get("pollP99Ms"), "poll p99", (String) row.get("strategy"));
        }
        files.add(save("latency", bar("Time to write one poll of events, ms (lower is better)", "ms", latency)));

        DefaultCategoryDataset cost = new DefaultCategoryDataset();
        for (Map<String, Object> row : summary) {
            if (row.get("serverCpuMsPer1kEvents") != null) {
                cost.addValue((Double) row.get("serverCpuMsPer1kEvents"), "Cassandra", (String) row.get("strategy"));
            }
            cost.addValue((Double) row.get("benchCpuMsPer1kEvents"), "client (bench JVM)", (String) row.get("strategy"));
        }
        files.add(save("cpu", bar("CPU per 1,000 events, ms (lower is better)", "CPU ms", cost)));
        return files;
    }

    private static JFreeChart bar(String title, String valueLabel, DefaultCategoryDataset data) {
        JFreeChart chart = ChartFactory.createBarChart(title, "strategy", valueLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
        BarRenderer renderer = (BarRenderer) plot.getRenderer();
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        return chart;
    }

    private String save(String suffix, JFreeChart chart) {
        Path file = Results.folder().resolve(name + "-" + suffix + ".png");
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 1000, 560);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        System.out.println("wrote " + file);
        return file.getFileName().toString();
    }

    private static double benchCpuMsPer1kEvents(Measurement m) {
        return m.core("bench") * m.seconds() * 1e6 / m.events();
    }

    /** The median (the mean of the middle two for an even count): one disturbed run does not move it much. */
    private static double median(List<Measurement> ms, ToDoubleFunction<Measurement> f) {
        double[] values = ms.stream().mapToDouble(f).sorted().toArray();
        if (values.length == 0) {
            return Double.NaN;
        }
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    private static double ms(long micros) {
        return micros / 1000.0;
    }

    private static @Nullable Double round2(double value) {
        return Double.isNaN(value) ? null : Math.round(value * 100) / 100.0;
    }

    private static double nz(@Nullable Object value) {
        return value == null ? Double.NaN : (Double) value;
    }
}
