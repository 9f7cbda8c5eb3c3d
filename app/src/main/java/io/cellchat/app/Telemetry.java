package io.cellchat.app;

import io.cellchat.platform.observability.Metrics;
import io.cellchat.platform.observability.Secret;
import io.cellchat.platform.observability.errors.ExceptionAppender;
import io.cellchat.platform.observability.errors.ExceptionTracker;
import io.cellchat.platform.observability.errors.SentryReporter;
import io.cellchat.platform.observability.tracing.Tracing;
import io.cellchat.platform.observability.tracing.TracingSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The observability of one process, started before anything else so that every later step is measured, traced and
 * has its exceptions tracked: the metrics registry, tracing, the exception tracker (hooked into the log) and, when
 * {@code sentry.dsn} is set, Sentry. Each composition root (dev, and each role of a cell) starts one and closes it
 * last.
 */
record Telemetry(PrometheusMeterRegistry metrics, Tracing tracing, ExceptionTracker exceptions,
        @Nullable SentryReporter sentry) implements AutoCloseable {

    /**
     * Starts the observability of a process.
     *
     * @param role the role, the {@code role} tag of every meter and the service name {@code cellchat-<role>}
     */
    static Telemetry start(String role, Config config, String version, Clock clock) {
        PrometheusMeterRegistry metrics = Metrics.newRegistry(role);
        String instance = role + "-" + ProcessHandle.current().pid();
        Secret dsn = Secret.of(config.text("sentry.dsn"));
        SentryReporter sentry = dsn.isEmpty() ? null : SentryReporter.start(dsn, version, instance);
        ExceptionTracker exceptions = new ExceptionTracker(metrics, clock, sentry);
        ExceptionAppender.install(exceptions);
        String endpoint = config.text("tracing.endpoint");
        Tracing tracing = Tracing.start(new TracingSettings(
                TracingSettings.Exporter.valueOf(config.text("tracing.exporter").toUpperCase(Locale.ROOT)),
                endpoint.isEmpty() ? null : URI.create(endpoint),
                Double.parseDouble(config.text("tracing.sample-ratio")), "cellchat-" + role, instance));
        return new Telemetry(metrics, tracing, exceptions, sentry);
    }

    /** Exports buffered spans, sends queued exceptions, and unhooks the tracker. */
    @Override
    public void close() {
        tracing.close();
        ExceptionAppender.uninstall(exceptions);
        if (sentry != null) {
            sentry.close();
        }
    }
}
