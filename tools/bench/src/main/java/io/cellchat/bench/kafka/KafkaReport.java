package io.cellchat.bench.kafka;

import io.cellchat.bench.kafka.Figures.Cost;
import io.cellchat.bench.kafka.Figures.Latency;
import io.cellchat.bench.kafka.Figures.Row;
import io.cellchat.bench.report.Results;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/** Prints the progress and the summary of a run; writes its JSON and PNG plots beside docs/benchmarks.md. */
final class KafkaReport {

    private KafkaReport() {}

    static String progress(int index, int total, Row row) {
        StringBuilder line = new StringBuilder("[%2d/%d] %-11s %-66s".formatted(index, total, row.group(),
                row.label()));
        if (row.saturation() != null) {
            var t = row.saturation();
            line.append(" | %,8.0f rec/s (%,.0f–%,.0f) %5.1f MB/s".formatted(t.recordsPerSecond(),
                    t.recordsPerSecondMin(), t.recordsPerSecondMax(), t.megabytesPerSecond()));
        }
        line.append(" | @%d/s ack %s | e2e %s | %s | %.1f s, others %.2f cores".formatted(row.offeredRate(),
                brief(row.ack()), brief(row.endToEnd()), cost(row.pacedCost()), row.wallSeconds(),
                row.otherCores()));
        if (row.errors() > 0) {
            line.append(" | ERRORS ").append(row.errors());
        }
        return line.toString();
    }

    /** The rows as Markdown tables: producer combinations, then consumer combinations. */
    static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("| # | group | topic | producer | sat. rec/s (median) | min–max | sat. MB/s | rec/request"
                + " | wire B/rec | µs/rec client+broker | ack p50 | ack p99 | ack p999 | e2e p50 | e2e p99 | others |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (r.saturation() == null) {
                continue;
            }
            var t = r.saturation();
            Cost c = r.pacedCost();
            md.append("| %d | %s | %s | %s | %,.0f | %,.0f–%,.0f | %.0f | %.1f | %.0f | %s | %s | %s | %s | %s | %s | %.2f |\n"
                    .formatted(i + 1, r.group(), r.topic(), label(r.label(), r.topic()), t.recordsPerSecond(),
                            t.recordsPerSecondMin(), t.recordsPerSecondMax(), t.megabytesPerSecond(),
                            c.recordsPerRequest(), c.wireBytesPerRecord(), cpu(c), ms(r.ack().p50()), ms(r.ack().p99()),
                            ms(r.ack().p999()), ms(r.endToEnd().p50()), ms(r.endToEnd().p99()), r.otherCores()));
        }
        md.append("\n| # | topic | consumer | offered rec/s | e2e p50 | e2e p99 | e2e p999 | e2e max | received"
                + " | µs/rec client+broker | others |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            if (r.saturation() != null) {
                continue;
            }
            Latency e = r.endToEnd();
            md.append("| %d | %s | %s | %,d | %s | %s | %s | %s | %,d | %s | %.2f |\n".formatted(i + 1, r.topic(),
                    r.label().substring(r.topic().length() + 1, r.label().lastIndexOf(" @")), r.offeredRate(),
                    ms(e.p50()), ms(e.p99()), ms(e.p999()), ms(e.max()), e.count(), cpu(r.pacedCost()),
                    r.otherCores()));
        }
        return md.toString();
    }

    static Path writeJson(String name, Map<String, Object> figures) {
        return Results.write(name, figures);
    }

    /** Writes {@code <name>-throughput.png}, {@code -latency.png}, {@code -cost.png} and {@code -consumer.png}. */
    static List<Path> writePlots(String name, List<Row> rows) {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset throughput = new DefaultCategoryDataset();
        DefaultCategoryDataset latency = new DefaultCategoryDataset();
        DefaultCategoryDataset cost = new DefaultCategoryDataset();
        DefaultCategoryDataset consumer = new DefaultCategoryDataset();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            String category = "%d %s".formatted(i + 1, r.label().replace("chat.", ""));
            if (r.saturation() != null) {
                throughput.addValue(r.saturation().recordsPerSecond(), "records/s at saturation (median)", category);
                latency.addValue(r.ack().p50(), "send→ack p50", category);
                latency.addValue(r.ack().p99(), "send→ack p99", category);
                latency.addValue(r.endToEnd().p99(), "send→consumer p99", category);
                cost.addValue(r.pacedCost().clientCpuMicros(), "client JVM (producer + consumer)", category);
                if (r.pacedCost().brokerCpuMicros() != null) {
                    cost.addValue(r.pacedCost().brokerCpuMicros(), "broker", category);
                }
            } else {
                consumer.addValue(r.endToEnd().p50(), "send→consumer p50", category);
                consumer.addValue(r.endToEnd().p99(), "send→consumer p99", category);
                consumer.addValue(r.endToEnd().p999(), "send→consumer p99.9", category);
            }
        }
        Path folder = Results.folder();
        List<Path> files = List.of(folder.resolve(name + "-throughput.png"), folder.resolve(name + "-latency.png"),
                folder.resolve(name + "-cost.png"), folder.resolve(name + "-consumer.png"));
        save(files.get(0), chart(ChartFactory.createBarChart("Producer throughput at saturation", null, "records/s",
                throughput, PlotOrientation.HORIZONTAL, true, false, false), false));
        save(files.get(1), chart(ChartFactory.createBarChart("Latency at the paced rate (ms, log scale)", null, "ms",
                latency, PlotOrientation.HORIZONTAL, true, false, false), true));
        save(files.get(2), chart(ChartFactory.createStackedBarChart("CPU per record at the paced rate (µs)", null,
                "µs per record", cost, PlotOrientation.HORIZONTAL, true, false, false), false));
        save(files.get(3), chart(ChartFactory.createBarChart(
                "End-to-end latency by consumer fetch settings (ms, log scale)", null, "ms", consumer,
                PlotOrientation.HORIZONTAL, true, false, false), true));
        files.forEach(f -> System.out.println("wrote " + f));
        return files;
    }

    private static JFreeChart chart(JFreeChart chart, boolean log) {
        CategoryPlot plot = chart.getCategoryPlot();
        CategoryAxis categories = plot.getDomainAxis();
        categories.setTickLabelFont(new Font(Font.MONOSPACED, Font.PLAIN, 11));
        categories.setMaximumCategoryLabelWidthRatio(0.55f);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.GRAY);
        if (log) {
            LogAxis axis = new LogAxis(plot.getRangeAxis().getLabel());
            axis.setSmallestValue(0.1);
            axis.setTickUnit(new NumberTickUnit(1));
            axis.setNumberFormatOverride(new DecimalFormat("0.#"));
            plot.setRangeAxis(axis);
            ((BarRenderer) plot.getRenderer()).setBase(0.1);
        }
        ((BarRenderer) plot.getRenderer()).setItemMargin(0.0);
        return chart;
    }

    private static void save(Path file, JFreeChart chart) {
        int categories = chart.getCategoryPlot().getDataset().getColumnCount();
        int series = chart.getCategoryPlot().getDataset().getRowCount();
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 1400, Math.max(300, 140 + categories * (8 + 9 * series)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String brief(Latency l) {
        return "p50 %s p99 %s p999 %s ms".formatted(ms(l.p50()), ms(l.p99()), ms(l.p999()));
    }

    private static String ms(double ms) {
        return ms >= 100 ? "%.0f".formatted(ms) : ms >= 10 ? "%.1f".formatted(ms) : "%.2f".formatted(ms);
    }

    private static String cost(Cost c) {
        return "%.0f rec/req %.0f B/rec cpu %s us/rec".formatted(c.recordsPerRequest(), c.wireBytesPerRecord(), cpu(c));
    }

    private static String cpu(Cost c) {
        return "%.1f+%s".formatted(c.clientCpuMicros(),
                c.brokerCpuMicros() == null ? "?" : "%.1f".formatted(c.brokerCpuMicros()));
    }

    private static String label(String label, String topic) {
        return label.substring(topic.length() + 1);
    }
}
