package io.cellchat.bench.load;

import io.cellchat.bench.report.Charts;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/** Latency percentiles in milliseconds, from a histogram of microseconds. */
public record Latency(long count, double p50, double p99, double p999, double max) {

    public static Latency of(Histogram micros) {
        return new Latency(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
                ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()));
    }

    /**
     * A bar chart of p50, p99, p99.9 and max (ms) for each of several runs, named by their keys; written beside the
     * results as {@code file}.
     */
    static void plot(String file, String title, Map<String, Latency> runs) {
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        runs.forEach((run, latency) -> {
            bars.computeIfAbsent("p50", k -> new LinkedHashMap<>()).put(run, latency.p50());
            bars.computeIfAbsent("p99", k -> new LinkedHashMap<>()).put(run, latency.p99());
            bars.computeIfAbsent("p99.9", k -> new LinkedHashMap<>()).put(run, latency.p999());
            bars.computeIfAbsent("max", k -> new LinkedHashMap<>()).put(run, latency.max());
        });
        Charts.bars(file, title, "ms", bars);
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }
}
