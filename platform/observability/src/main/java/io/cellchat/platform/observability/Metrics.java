package io.cellchat.platform.observability;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.nio.file.Path;

/**
 * The one metrics registry of a process, exported in Prometheus format at {@code /metrics}.
 *
 * <p>It starts with the system and JVM meters (CPU, memory, GC, threads, file descriptors, uptime, JVM version);
 * engine clients and services add theirs, with the names and units of docs/operations/metrics.md. Every meter
 * carries the tag {@code role}, so one dashboard serves the single process and each role of a distributed cell.
 * Tags never hold user, device or conversation IDs: a series per user would grow the registry without bound.
 */
public final class Metrics {

    private Metrics() {}

    /** A new registry with the system and JVM meters bound, every meter tagged with {@code role}. */
    @SuppressWarnings("resource") // JvmGcMetrics lives as long as the registry, which is the process
    public static PrometheusMeterRegistry newRegistry(String role) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("role", role);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        return registry;
    }

    /**
     * Watches the free and total space of the file system holding {@code folder} ({@code disk_free_bytes} and
     * {@code disk_total_bytes}, tagged with the folder), for the "disk filling" alert.
     */
    public static void watchDisk(MeterRegistry registry, Path folder) {
        File file = folder.toAbsolutePath().toFile();
        new DiskSpaceMetrics(file).bindTo(registry);
    }
}
