package io.cellchat.app;

import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.observability.Metrics;
import io.cellchat.platform.observability.Secret;
import io.cellchat.platform.observability.errors.ExceptionAppender;
import io.cellchat.platform.observability.errors.ExceptionTracker;
import io.cellchat.platform.observability.errors.SentryReporter;
import io.cellchat.platform.observability.health.Readiness;
import io.cellchat.platform.observability.logging.LogLevels;
import io.cellchat.platform.observability.tracing.Tracing;
import io.cellchat.platform.observability.tracing.TracingSettings;
import io.cellchat.platform.server.Operations;
import io.cellchat.platform.server.ServerBootstrap;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The observability of one process, started before anything else so that every later step is measured, traced and
 * has its exceptions tracked: the metrics registry, tracing, the exception tracker (hooked into the log) and, when
 * {@code sentry.dsn} is set, Sentry. Each composition root (dev, and each role of a cell) starts one, builds its
 * {@link Operations} from it with its own readiness checks, and closes it last.
 *
 * <pre>{@code
 * Telemetry telemetry = Telemetry.start("sequencer", exporter, endpoint, ratio, sentryDsn, version, clock);
 * KafkaMetrics.bind(consumer, telemetry.metrics());
 * Operations operations = telemetry.operations(List.of(KafkaHealth.check(admin, timeout)), adminToken, clock);
 * }</pre>
 */
public record Telemetry(PrometheusMeterRegistry metrics, Tracing tracing, ExceptionTracker exceptions,
        @Nullable SentryReporter sentry) implements AutoCloseable {

    /** Starts the observability of a process from the configuration keys {@code tracing.*} and {@code sentry.dsn}. */
    static Telemetry start(String role, Config config, String version, Clock clock) {
        return start(role, TelemetrySettings.of(config), version, clock);
    }

    /** Starts the observability of a role ({@code cellchat-<role>} is its service name in traces). */
    public static Telemetry start(String role, TelemetrySettings settings, String version, Clock clock) {
        return start(role, settings.exporter(), settings.endpoint(), settings.sampleRatio(), settings.sentryDsn(),
                version, clock);
    }

    /**
     * Starts the observability of a process.
     *
     * @param role the role, the {@code role} tag of every meter and the service name {@code cellchat-<role>}
     * @param endpoint the collector's URL, or {@code null} for the exporter's default
     * @param sentryDsn empty for no Sentry
     */
    public static Telemetry start(String role, TracingSettings.Exporter exporter, @Nullable URI endpoint,
            double sampleRatio, Secret sentryDsn, String version, Clock clock) {
        PrometheusMeterRegistry metrics = Metrics.newRegistry(role);
        String instance = role + "-" + ProcessHandle.current().pid();
        SentryReporter sentry = sentryDsn.isEmpty() ? null : SentryReporter.start(sentryDsn, version, instance);
        ExceptionTracker exceptions = new ExceptionTracker(metrics, clock, sentry);
        ExceptionAppender.install(exceptions);
        Tracing tracing = Tracing.start(new TracingSettings(exporter, endpoint, sampleRatio, "cellchat-" + role,
                instance));
        return new Telemetry(metrics, tracing, exceptions, sentry);
    }

    /**
     * What the process's operational endpoints serve: readiness from {@code checks} (run in the background from
     * now on; the server stops them), its metrics, and behind {@code adminToken} its log levels and exceptions.
     */
    public Operations operations(List<HealthCheck> checks, Secret adminToken, Clock clock) {
        return new Operations(metrics, new Readiness(checks, clock, ServerBootstrap.CHECK_INTERVAL,
                ServerBootstrap.CHECK_REUSE, metrics), adminToken, LogLevels.ofThisProcess(), exceptions);
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
