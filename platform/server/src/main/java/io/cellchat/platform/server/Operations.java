package io.cellchat.platform.server;

import static java.util.Objects.requireNonNull;

import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.observability.Secret;
import io.cellchat.platform.observability.errors.ExceptionTracker;
import io.cellchat.platform.observability.health.Readiness;
import io.cellchat.platform.observability.logging.LogLevels;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.util.List;

/**
 * What the operational endpoints of a process serve: readiness from its checks, metrics from its registry, and
 * behind the admin token, its log levels and the exceptions it tracked. The composition root makes one and hands
 * it to {@link ServerBootstrap}; the server stops the readiness checks when it stops.
 *
 * @param metrics the process's registry, exported at {@code /metrics}
 * @param readiness the checks behind {@code /health/ready}
 * @param adminToken the bearer token of {@code /admin/*}; empty turns those endpoints off
 * @param logLevels the levels {@code /admin/loggers} reads and changes
 * @param exceptions what {@code /admin/exceptions} lists
 */
public record Operations(PrometheusMeterRegistry metrics, Readiness readiness, Secret adminToken, LogLevels logLevels,
        ExceptionTracker exceptions) {

    public Operations {
        requireNonNull(metrics, "metrics");
        requireNonNull(readiness, "readiness");
        requireNonNull(adminToken, "adminToken");
        requireNonNull(logLevels, "logLevels");
        requireNonNull(exceptions, "exceptions");
    }

    /**
     * Readiness from {@code checks}, metrics in {@code metrics}, the admin endpoints off: for processes that have no
     * admin token of their own.
     */
    public static Operations withoutAdmin(PrometheusMeterRegistry metrics, List<HealthCheck> checks) {
        return new Operations(metrics, new Readiness(checks, Clock.systemUTC(), ServerBootstrap.CHECK_INTERVAL,
                ServerBootstrap.CHECK_REUSE, metrics), Secret.none(), LogLevels.ofThisProcess(),
                new ExceptionTracker(metrics, Clock.systemUTC(), null));
    }
}
