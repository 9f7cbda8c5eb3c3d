package io.cellchat.app.cell;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.observability.Metrics;
import io.cellchat.platform.server.BuildInfo;
import io.cellchat.platform.server.Operations;
import io.cellchat.platform.server.ServerBootstrap;
import io.cellchat.platform.server.ServerSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server of one role of the cell ({@code cellchat serve --role ...}), started in two steps so that the process
 * answers health checks from its first second:
 * <ol>
 *   <li>{@link #start}: listens with the operational endpoints only; {@code /health/ready} is DOWN ({@code serving}
 *       is false) while the role waits for its engines.</li>
 *   <li>{@link #serve}: once the role is composed, reconfigures the running server with its routes (same port, no
 *       restart) and its engines' readiness checks.</li>
 * </ol>
 */
final class RoleServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RoleServer.class);

    private final String role;
    private final ServerSettings settings;
    private final BuildInfo build;
    private final PrometheusMeterRegistry metrics;
    private final HealthCheck serving = new HealthCheck("serving", () -> this.ready);
    private final Server server;
    private volatile boolean ready;
    private @Nullable Operations routed;

    private RoleServer(String role, ServerSettings settings, BuildInfo build, PrometheusMeterRegistry metrics) {
        this.role = role;
        this.settings = settings;
        this.build = build;
        this.metrics = metrics;
        // Requests forwarded inside the cell (the gateway to the users role) name the client in X-Forwarded-For;
        // only a peer on the cell's own network is trusted to say so.
        this.server = ServerBootstrap.newServer(settings, build, metrics, List.of(serving))
                .clientAddressTrustedProxyFilter(peer -> peer.isLoopbackAddress() || peer.isSiteLocalAddress())
                .build();
    }

    /** Listens with the operational endpoints only. */
    static RoleServer start(String role, ServerSettings settings, BuildInfo build) {
        RoleServer started = new RoleServer(role, settings, build, Metrics.newRegistry(role));
        started.server.start().join();
        log.info("{} role listening on http://{}:{} (waiting for its engines; /health/ready is DOWN until then)",
                role, settings.host(), started.port());
        return started;
    }

    /** Adds the role's routes and readiness checks to the running server; from now on it serves. */
    void serve(List<HealthCheck> engineChecks, Consumer<ServerBuilder> routes) {
        List<HealthCheck> all = new ArrayList<>(engineChecks);
        all.add(serving);
        Operations operations = Operations.withoutAdmin(metrics, all);
        server.reconfigure(builder -> {
            ServerBootstrap.operational(builder, settings, build, operations);
            routes.accept(builder);
        });
        this.routed = operations;
        ready = true;
        log.info("{} role ready on http://{}:{} ({})", role, settings.host(), port(), build.describe("cellchat"));
    }

    int port() {
        return server.activeLocalPort();
    }

    /** The role's metrics registry, served at {@code /internal/metrics}. */
    PrometheusMeterRegistry metrics() {
        return metrics;
    }

    /** Reports not ready from now on (draining), while the server still serves. */
    void unready() {
        ready = false;
    }

    void awaitTermination() {
        server.whenClosed().join();
    }

    @Override
    public void close() {
        ready = false;
        server.stop().join();
        Operations operations = this.routed;
        if (operations != null) {
            operations.readiness().close();
        }
    }
}
