package io.cellchat.bench.jmh;

import static java.util.Objects.requireNonNull;

import io.cellchat.bench.report.Results;
import java.awt.Color;
import java.awt.Paint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./cellchat bench jmh}: runs {@link IdGeneratorBenchmark}, {@link PartitionHashBenchmark} and
 * {@link FrameCodecBenchmark} in one forked JVM each through the JMH Runner API, prints a table, and writes
 * {@code jmh.json} (scores and frame sizes) and {@code jmh.png} (ops/s, log scale) to {@link Results#folder()}.
 */
@Command(name = "jmh", mixinStandardHelpOptions = true,
        description = "JMH microbenchmarks: IDs, partition hash, frame encode/decode")
public final class JmhCommand implements Callable<Integer> {

    private static final String PACKAGE = JmhCommand.class.getPackageName() + ".";

    @Option(names = "--quick", description = "1 x 1 s warmup and measurement, instead of 2 x 2 s and 3 x 3 s.")
    boolean quick;

    @Option(names = "--include", paramLabel = "REGEX",
            description = "Benchmarks to run, a JMH regex (default: the three benchmark classes).")
    @Nullable String include;

    @Override
    public Integer call() throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .forks(1)
                .warmupIterations(quick ? 1 : 2)
                .warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 1 : 3)
                .measurementTime(TimeValue.seconds(quick ? 1 : 3))
                .jvmArgsAppend("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");
        if (include != null) {
            options.include(include);
        } else {
            for (Class<?> benchmark : List.of(IdGeneratorBenchmark.class, PartitionHashBenchmark.class,
                    FrameCodecBenchmark.class)) {
                options.include("^" + java.util.regex.Pattern.quote(benchmark.getName()) + "\\.");
            }
        }
        // Before the run: the frames' classes load now, and the sizes do not depend on a classpath that a rebuild may
        // replace during the minutes of measurement.
        List<Map<String, Object>> sizes = FrameCodecBenchmark.sizes();
        Collection<RunResult> runs = new Runner(options.build()).run();
        if (runs.isEmpty()) {
            System.err.println("no benchmark matched " + (include != null ? include : "the default classes"));
            return 1;
        }

        List<Map<String, Object>> results = new ArrayList<>();
        for (RunResult run : runs) {
            BenchmarkParams params = run.getParams();
            Result<?> primary = run.getPrimaryResult();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("benchmark", label(params));
            row.put("mode", params.getMode().shortLabel());
            row.put("score", primary.getScore());
            row.put("error", Double.isFinite(primary.getScoreError()) ? primary.getScoreError() : null);
            row.put("unit", primary.getScoreUnit());
            results.add(row);
        }

        printTable(results, sizes);
        Map<String, Object> figures = new LinkedHashMap<>();
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("forks", 1);
        settings.put("warmup", quick ? "1 x 1 s" : "2 x 2 s");
        settings.put("measurement", quick ? "1 x 1 s" : "3 x 3 s");
        figures.put("settings", settings);
        figures.put("results", results);
        figures.put("frameBytes", sizes);
        Results.write("jmh", figures);
        Path png = Results.folder().resolve("jmh.png");
        chart(results, png);
        System.out.println("wrote " + png);
        return 0;
    }

    /** {@code Class.method} and any parameters, for example {@code FrameCodecBenchmark.eventEncode JSON}. */
    private static String label(BenchmarkParams params) {
        String name = params.getBenchmark();
        StringBuilder label = new StringBuilder(name.startsWith(PACKAGE) ? name.substring(PACKAGE.length()) : name);
        for (String key : params.getParamsKeys()) {
            label.append(' ').append(params.getParam(key));
        }
        return label.toString();
    }

    private static void printTable(List<Map<String, Object>> results, List<Map<String, Object>> sizes) {
        int width = results.stream().mapToInt(r -> String.valueOf(r.get("benchmark")).length()).max().orElse(10);
        String format = "%-" + width + "s  %-6s  %16s  %14s  %s%n";
        System.out.println();
        System.out.printf(format, "Benchmark", "Mode", "Score", "Error", "Units");
        for (Map<String, Object> r : results) {
            Object error = r.get("error");
            System.out.printf(format, r.get("benchmark"), r.get("mode"),
                    String.format("%,.0f", (Double) r.get("score")), error == null ? "n/a" : String.format("± %,.0f", (Double) error), r.get("unit"));
        }
        System.out.println();
        System.out.printf("%-10s  %8s  %8s%n", "Frame", "JSON B", "PROTO B");
        Map<String, int[]> byFrame = new LinkedHashMap<>();
        for (Map<String, Object> s : sizes) {
            int[] bytes = byFrame.computeIfAbsent((String) s.get("frame"), f -> new int[2]);
            bytes["JSON".equals(s.get("encoding")) ? 0 : 1] = (Integer) requireNonNull(s.get("bytes"));
        }
        byFrame.forEach((frame, bytes) -> System.out.printf("%-10s  %8d  %8d%n", frame, bytes[0], bytes[1]));
        System.out.println();
    }

    /** Horizontal bars of ops/s on a log axis (the scores span three orders of magnitude), colored by class. */
    private static void chart(List<Map<String, Object>> results, Path file) {
        System.setProperty("java.awt.headless", "true");
        DefaultCategoryDataset dataset = new DefaultCategoryDataset();
        for (Map<String, Object> r : results) {
            if ("ops/s".equals(r.get("unit"))) {
                dataset.addValue((Double) r.get("score"), "ops/s", (String) r.get("benchmark"));
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("Cellchat JMH microbenchmarks (higher is better)", null,
                "operations per second (log scale)", dataset, PlotOrientation.HORIZONTAL, false, false, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(4, 4, 4, 32));
        CategoryPlot plot = chart.getCategoryPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        double min = Double.MAX_VALUE;
        double max = 1;
        for (int i = 0; i < dataset.getColumnCount(); i++) {
            double score = dataset.getValue(0, i).doubleValue();
            min = Math.min(min, score);
            max = Math.max(max, score);
        }
        // Whole decades: from the one below the slowest to the one above the fastest.
        double lower = Math.pow(10, Math.floor(Math.log10(Math.max(1, min))));
        double upper = Math.pow(10, Math.ceil(Math.log10(max * 1.01)));
        LogAxis axis = new LogAxis("operations per second (log scale)");
        axis.setBase(10);
        axis.setSmallestValue(1);
        axis.setTickUnit(new NumberTickUnit(1));
        axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
        axis.setRange(lower, upper);
        plot.setRangeAxis(axis);
        BarRenderer renderer = new BarRenderer() {
            @Override
            public Paint getItemPaint(int row, int column) {
                String label = (String) dataset.getColumnKey(column);
                if (label.startsWith("IdGenerator")) {
                    return new Color(0x4e79a7);
                } else if (label.startsWith("PartitionHash")) {
                    return label.contains(".kafka") ? new Color(0xbab0ac) : new Color(0x59a14f);
                }
                return label.endsWith("JSON") ? new Color(0xf28e2b) : new Color(0xe15759);
            }
        };
        renderer.setBarPainter(new StandardBarPainter());
        renderer.setShadowVisible(false);
        renderer.setBase(lower);
        renderer.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new DecimalFormat("#,##0")));
        renderer.setDefaultItemLabelsVisible(true);
        renderer.setDefaultPositiveItemLabelPosition(
                new ItemLabelPosition(ItemLabelAnchor.INSIDE3, TextAnchor.CENTER_RIGHT));
        plot.setRenderer(renderer);
        try {
            ChartUtils.saveChartAsPNG(file.toFile(), chart, 1100, 120 + 32 * dataset.getColumnCount());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
