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
 * The composition root adds its own services to the returned builder, then builds and starts it.
 */
public final class ServerBootstrap {

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
