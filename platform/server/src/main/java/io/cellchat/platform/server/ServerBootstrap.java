package io.cellchat.platform.server;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.common.metric.MeterIdPrefixFunction;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServerListener;
import com.linecorp.armeria.server.healthcheck.HealthCheckService;
import com.linecorp.armeria.server.logging.AccessLogWriter;
import com.linecorp.armeria.server.metric.MetricCollectingService;
import com.linecorp.armeria.server.prometheus.PrometheusExpositionService;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.observability.health.HealthReport;
import io.cellchat.platform.observability.health.Readiness;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Starts the Armeria server every Cellchat process runs: one port, the operational endpoints, the process's routes.
 *
 * <ul>
 *   <li>{@code /health/live}: 200 while the process runs.</li>
 *   <li>{@code /health/ready}: 200 when every required check passes, else 503; the JSON body lists each check with
 *       its state and latency ({@link HealthReport}). Checks run off the event loop, each under its timeout.</li>
 *   <li>{@code /version}: the {@link BuildInfo} as JSON.</li>
 *   <li>{@code /metrics}: the Prometheus registry.</li>
 *   <li>{@code /admin/*}: log levels and tracked exceptions, behind the admin token ({@link AdminApi}).</li>
 * </ul>
 * Every request but health checks and metrics scrapes is written to the access log ({@link AccessLog}); REST and
 * WebSocket requests are counted and timed ({@code cellchat_http_server_*}). The HTTP limits below are part of the
 * protocol (docs/protocol.md, "Limits"); a request over them is refused by the HTTP layer and answered in the
 * protocol's error format by {@link RestErrors}. The WebSocket service lifts the body limit for its own long-lived
 * stream. The composition root adds its own services to the returned builder, then builds and starts it.
 */
public final class ServerBootstrap {

    /** The largest request body (REST), in bytes. */
    public static final int MAX_REQUEST_BYTES = 8 * 1024;
    /** The longest HTTP/1 request line (method, path, query), in bytes. */
    public static final int MAX_REQUEST_LINE_BYTES = 4 * 1024;
    /** The most header bytes of a request. */
    public static final int MAX_HEADER_BYTES = 8 * 1024;
    /** How often readiness checks run in the background (for the health meters). */
    public static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);
    /** How old a readiness result {@code /health/ready} may reuse, so a flood of probes costs one round. */
    public static final Duration CHECK_REUSE = Duration.ofSeconds(1);

    private ServerBootstrap() {}

    /**
     * A server with the given readiness checks and the admin endpoints off: for processes that have no tracker or
     * admin token of their own.
     */
    public static ServerBuilder newServer(
            ServerSettings settings, BuildInfo build, PrometheusMeterRegistry metrics, List<HealthCheck> checks) {
        return newServer(settings, build, Operations.withoutAdmin(metrics, checks));
    }

    public static ServerBuilder newServer(ServerSettings settings, BuildInfo build, Operations operations) {
        ServerBuilder builder = com.linecorp.armeria.server.Server.builder()
                .port(new InetSocketAddress(settings.host(), settings.port()), SessionProtocol.HTTP)
                .workerGroup(settings.eventLoopThreads());
        operational(builder, settings, build, operations);
        return builder;
    }

    /**
     * Adds the operational endpoints and server-wide settings to {@code builder}: what {@link #newServer} starts with,
     * and what a composition root adds again when it {@linkplain com.linecorp.armeria.server.Server#reconfigure
     * reconfigures} a running server with its routes (a role that waited for its engines does that; it gives the
     * server's event loops again, since a reconfiguration starts from a new builder).
     */
    public static void operational(
            ServerBuilder builder, ServerSettings settings, BuildInfo build, Operations operations) {
        Readiness readiness = operations.readiness();
        builder.meterRegistry(operations.metrics())
                .errorHandler(new RestErrors())
                .maxRequestLength(MAX_REQUEST_BYTES)
                .http1MaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
                .http1MaxHeaderSize(MAX_HEADER_BYTES)
                .http2MaxHeaderListSize(MAX_HEADER_BYTES)
                .gracefulShutdownTimeout(settings.shutdownQuietPeriod(), settings.shutdownQuietPeriod().multipliedBy(5))
                .accessLogWriter(new AccessLog(), true)
                .serverListener(ServerListener.builder().whenStopped(server -> readiness.close()).build());
        builder.route().path("/health/live").accessLogWriter(AccessLogWriter.disabled(), false)
                .build(HealthCheckService.of());
        builder.route().path("/health/ready").accessLogWriter(AccessLogWriter.disabled(), false)
                .build((ctx, req) -> HttpResponse.of(CompletableFuture
                        .supplyAsync(readiness::report, ctx.blockingTaskExecutor())
                        .thenApply(report -> HttpResponse.ofJson(
                                report.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, report.toJson()))));
        builder.route().path("/metrics").accessLogWriter(AccessLogWriter.disabled(), false)
                .build(PrometheusExpositionService.of(operations.metrics().getPrometheusRegistry()));
        builder.service("/version", (ctx, req) -> HttpResponse.ofJson(build));
        MeterIdPrefixFunction http = MeterIdPrefixFunction.ofDefault("cellchat.http.server");
        builder.decoratorUnder("/api", MetricCollectingService.newDecorator(http));
        builder.decoratorUnder("/ws", MetricCollectingService.newDecorator(http));
        new AdminApi(operations.adminToken(), operations.logLevels(), operations.exceptions()).addRoutes(builder);
    }
}
