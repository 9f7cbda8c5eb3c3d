package io.cellchat.platform.observability;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * The one metrics registry of a process, exported in Prometheus format at {@code /metrics}.
 *
 * <p>It starts with the system and JVM meters (CPU, memory, GC, threads, file descriptors, uptime); engine clients and
 * services add theirs. Every meter carries the tag {@code role}, so one dashboard serves the single process and each
 * role of a distributed cell.
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
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        return registry;
    }
}
