package io.cellchat.bench.report;

import java.io.IOException;
import java.text.DecimalFormat;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** PNG plots of benchmark figures, written beside their JSON. */
public final class Charts {

    private Charts() {}

    /** A line chart: one series per name, each a map of x → y. */
    public static Path lines(String file, String title, String xLabel, String yLabel,
            Map<String, Map<Double, Double>> series) {
        return lines(file, title, xLabel, yLabel, series, false);
    }

    /**
     * A line chart with a marker on every point; {@code logY} puts y on a log scale, so latencies from under a
     * millisecond to seconds stay readable on one plot.
     */
    public static Path lines(String file, String title, String xLabel, String yLabel,
            Map<String, Map<Double, Double>> series, boolean logY) {
        XYSeriesCollection data = new XYSeriesCollection();
        series.forEach((name, points) -> {
            XYSeries line = new XYSeries(name);
            points.forEach(line::add);
            data.addSeries(line);
        });
        JFreeChart chart = ChartFactory.createXYLineChart(title, xLabel, yLabel, data, PlotOrientation.VERTICAL,
                true, false, false);
        XYPlot plot = chart.getXYPlot();
        plot.setRenderer(new XYLineAndShapeRenderer(true, true));
        if (logY) {
            LogAxis axis = new LogAxis(yLabel);
            axis.setSmallestValue(0.01);
            axis.setTickUnit(new NumberTickUnit(1.0, new DecimalFormat("#,##0.##")));
            axis.setMinorTickCount(9);
            axis.setMinorTickMarksVisible(true);
            plot.setRangeAxis(axis);
        }
        return save(file, chart);
    }

    /** A bar chart: categories (rows) by series (columns). */
    public static Path bars(String file, String title, String yLabel, Map<String, Map<String, Double>> values) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        values.forEach((series, byCategory) -> byCategory.forEach((category, value) ->
                data.addValue(value, series, category)));
        JFreeChart chart = ChartFactory.createBarChart(title, "", yLabel, data, PlotOrientation.VERTICAL, true, false,
                false);
        return save(file, chart);
    }

    private static Path save(String file, JFreeChart chart) {
        Path path = Results.folder().resolve(file);
        try {
            ChartUtils.saveChartAsPNG(path.toFile(), chart, 900, 540);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path, e);
        }
        System.out.println("wrote " + path);
        return path;
    }
}
