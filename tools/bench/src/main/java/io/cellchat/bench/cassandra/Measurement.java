package io.cellchat.bench.cassandra;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * The figures of one strategy in one round.
 *
 * @param requests requests sent (a batch counts once)
 * @param rowsWritten rows the requests carried (fewer than the workload's rows when coalesced)
 * @param writeLatency per request, microseconds, from issue to response (includes queueing at the node)
 * @param pollLatency per poll, microseconds, from the first request issued to the last response: how long the
 *     materializer holds a poll before it may commit the offsets
 * @param warnings server-side warnings returned with responses (batch size and batch spread thresholds)
 * @param cores average cores used during the run: server, bench, other (other processes on the machine)
 * @param readback what {@link Readback} found after the run: rows checked, rows wrong
 */
record Measurement(String strategy, int round, long events, long polls, long requests, long rowsWritten,
        double seconds, long errors, @Nullable String firstError, long warnings, @Nullable String firstWarning,
        Histogram writeLatency,
        Histogram pollLatency, Map<String, Double> cores, Map<String, Long> readback) {

    Measurement withReadback(Map<String, Long> found) {
        return new Measurement(strategy, round, events, polls, requests, rowsWritten, seconds, errors, firstError,
                warnings, firstWarning, writeLatency, pollLatency, cores, found);
    }

    /**
     * Other processes took more than this many cores on average during a run: its events/s then says more about
     * them than about the strategy (the machine has 2 cores, which Cassandra and the bench already share).
     */
    static final double DISTURBED_OTHER_CORES = 0.3;

    boolean disturbed() {
        Double other = cores.get("other");
        return other != null && !other.isNaN() && other > DISTURBED_OTHER_CORES;
    }

    /** One figure of {@link CpuSampler#cores}; NaN if it was not measured. */
    double core(String key) {
        Double value = cores.get(key);
        return value == null ? Double.NaN : value;
    }

    double eventsPerSecond() {
        return events / seconds;
    }

    double rowsPerSecond() {
        return rowsWritten / seconds;
    }

    double requestsPerSecond() {
        return requests / seconds;
    }

    /** Server CPU per 1,000 events, milliseconds: the cost that would bound a busy node. */
    double serverCpuMsPer1kEvents() {
        return core("serverCpuSeconds") * 1e6 / events;
    }

    Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("strategy", strategy);
        map.put("round", round);
        map.put("events", events);
        map.put("polls", polls);
        map.put("requests", requests);
        map.put("rowsWritten", rowsWritten);
        map.put("seconds", r(seconds));
        map.put("eventsPerSecond", Math.round(eventsPerSecond()));
        map.put("rowsPerSecond", Math.round(rowsPerSecond()));
        map.put("requestsPerSecond", Math.round(requestsPerSecond()));
        map.put("writeLatencyMicros", percentiles(writeLatency));
        map.put("pollLatencyMicros", percentiles(pollLatency));
        map.put("serverCores", r(core("server")));
        map.put("benchCores", r(core("bench")));
        map.put("otherCores", r(core("other")));
        map.put("disturbed", disturbed());
        map.put("serverCpuMsPer1kEvents", r(serverCpuMsPer1kEvents()));
        map.put("errors", errors);
        if (firstError != null) {
            map.put("firstError", firstError);
        }
        map.put("readback", readback);
        map.put("serverWarnings", warnings);
        if (firstWarning != null) {
            map.put("firstServerWarning", firstWarning);
        }
        return map;
    }

    static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("count", h.getTotalCount());
        map.put("p50", h.getValueAtPercentile(50));
        map.put("p90", h.getValueAtPercentile(90));
        map.put("p99", h.getValueAtPercentile(99));
        map.put("p999", h.getValueAtPercentile(99.9));
        map.put("max", h.getMaxValue());
        return map;
    }

    /** Two decimals; {@code null} (absent in the JSON) when not measured. */
    private static @Nullable Double r(@Nullable Double value) {
        return value == null || value.isNaN() ? null : Math.round(value * 100) / 100.0;
    }
}
