package io.cellchat.platform.observability;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The meters of an embedded store's writer, the same for every engine (SQLite, RocksDB), so dashboards and alerts
 * do not change when the single process changes its store. Each store is told apart by two tags: {@code store}
 * (what it holds: {@code accounts}, {@code history}) and {@code engine} ({@code sqlite}, {@code rocksdb}).
 *
 * <p>Names (docs/operations/metrics.md): {@code cellchat_store_commit_seconds} (time to run and make one batch
 * durable, fsync included; a histogram), {@code cellchat_store_batch_units} (units of work per batch),
 * {@code cellchat_store_commit_failures_total}, {@code cellchat_store_queued_units} (units waiting for the writer)
 * and {@code cellchat_store_size_bytes} (by {@code kind}, what the engine can tell).
 */
public final class StoreMetrics {

    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer commits;
    private final DistributionSummary batchUnits;
    private final Counter failures;

    private StoreMetrics(MeterRegistry registry, Tags tags) {
        this.registry = registry;
        this.tags = tags;
        this.commits = Timer.builder("cellchat.store.commit")
                .description("time to run and make one batch durable, fsync included")
                .tags(tags)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        this.batchUnits = DistributionSummary.builder("cellchat.store.batch")
                .baseUnit("units")
                .description("units of work committed per durable write (group commit)")
                .tags(tags)
                .register(registry);
        this.failures = Counter.builder("cellchat.store.commit.failures")
                .description("batches whose durable write failed (nothing of them is stored)")
                .tags(tags)
                .register(registry);
    }

    /**
     * The meters of one store.
     *
     * @param store what it holds, for example {@code history}
     * @param engine the embedded engine, for example {@code rocksdb}
     */
    public static StoreMetrics of(MeterRegistry registry, String store, String engine) {
        return new StoreMetrics(requireNonNull(registry, "registry"),
                Tags.of("store", requireNonNull(store, "store"), "engine", requireNonNull(engine, "engine")));
    }

    /** Records one durable batch. */
    public void committed(long nanos, int units) {
        commits.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        batchUnits.record(units);
    }

    public void commitFailed() {
        failures.increment();
    }

    /** Reports the writer's queue length, read at each scrape. */
    public void queued(Supplier<Number> units) {
        Gauge.builder("cellchat.store.queued", units).baseUnit("units")
                .description("units of work waiting for the store writer").tags(tags).register(registry);
    }

    /** Reports a size the engine knows (live data, memtables, cache), read at each scrape. */
    public void size(String kind, Supplier<Number> bytes) {
        Gauge.builder("cellchat.store.size", bytes).baseUnit("bytes")
                .description("bytes the embedded store holds, by kind").tags(tags).tag("kind", kind)
                .register(registry);
    }
}
