package io.cellchat.platform.server;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.SessionProtocol;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.healthcheck.HealthCheckService;
import com.linecorp.armeria.server.prometheus.PrometheusExpositionService;
import io.cellchat.platform.observability.HealthCheck;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the Armeria server every Cellchat process runs: one port, the operational endpoints, the process's routes.
 *
 * <ul>
 *   <li>{@code /health/live}: 200 while the process runs.</li>
 *   <li>{@code /health/ready}: 200 when every {@link HealthCheck} passes, else 503; the body names each check.</li>
 *   <li>{@code /version}: the {@link BuildInfo} as JSON.</li>
 *   <li>{@code /metrics}: the Prometheus registry.</li>
 * </ul>
 *
 * The HTTP limits below are part of the protocol (docs/protocol.md, "Limits"); a request over them is refused by
 * the HTTP layer and answered in the protocol's error format by {@link RestErrors}. The WebSocket service lifts the
 * body limit for its own long-lived stream. The composition root adds its own services to the returned builder,
 * then builds and starts it.
 */
public final class ServerBootstrap {

    /** The largest request body (REST), in bytes. */
    public static final int MAX_REQUEST_BYTES = 8 * 1024;
    /** The longest HTTP/1 request line (method, path, query), in bytes. */
    public static final int MAX_REQUEST_LINE_BYTES = 4 * 1024;
    /** The most header bytes of a request. */
    public static final int MAX_HEADER_BYTES = 8 * 1024;

    private ServerBootstrap() {}

    public static ServerBuilder newServer(
            ServerSettings settings, BuildInfo build, PrometheusMeterRegistry metrics, List<HealthCheck> checks) {
        ServerBuilder builder = com.linecorp.armeria.server.Server.builder()
                .port(new InetSocketAddress(settings.host(), settings.port()), SessionProtocol.HTTP);
        operational(builder, settings, build, metrics, checks);
        return builder;
    }

    /**
     * Adds the operational endpoints and server-wide settings to {@code builder}: what {@link #newServer} starts with,
     * and what a composition root adds again when it {@linkplain com.linecorp.armeria.server.Server#reconfigure
     * reconfigures} a running server with its routes (a role that waited for its engines does that).
     */
    public static void operational(ServerBuilder builder, ServerSettings settings, BuildInfo build,
            PrometheusMeterRegistry metrics, List<HealthCheck> checks) {
        List<HealthCheck> readiness = List.copyOf(checks);
        builder.meterRegistry(metrics)
                .errorHandler(new RestErrors())
                .maxRequestLength(MAX_REQUEST_BYTES)
                .http1MaxInitialLineLength(MAX_REQUEST_LINE_BYTES)
                .http1MaxHeaderSize(MAX_HEADER_BYTES)
                .http2MaxHeaderListSize(MAX_HEADER_BYTES)
                .gracefulShutdownTimeout(settings.shutdownQuietPeriod(), settings.shutdownQuietPeriod().multipliedBy(5))
                .service("/health/live", HealthCheckService.of())
                .service("/health/ready", (ctx, req) -> readinessReport(readiness))
                .service("/version", (ctx, req) -> HttpResponse.ofJson(build))
                .service("/metrics", PrometheusExpositionService.of(metrics.getPrometheusRegistry()));
    }

    private static HttpResponse readinessReport(List<HealthCheck> checks) {
        Map<String, String> results = new LinkedHashMap<>();
        boolean ready = true;
        for (HealthCheck check : checks) {
            boolean healthy = check.isHealthy();
            ready &= healthy;
            results.put(check.name(), healthy ? "UP" : "DOWN");
        }
        Map<String, Object> body = Map.of("status", ready ? "UP" : "DOWN", "checks", results);
        return HttpResponse.ofJson(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE, body);
    }
}
