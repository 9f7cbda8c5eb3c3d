package io.cellchat.app.cell;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.cellchat.app.Telemetry;
import io.cellchat.app.TelemetrySettings;
import io.cellchat.platform.kafka.KafkaMetrics;
import io.cellchat.platform.kafka.KafkaTracing;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.observability.tracing.Tracing;
import io.cellchat.platform.server.BuildInfo;
import io.cellchat.platform.server.Operations;
import io.cellchat.platform.server.ServerBootstrap;
import io.cellchat.platform.server.ServerSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.channel.EventLoopGroup;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server and the observability of one role of the cell ({@code cellchat serve --role ...}), started in two steps
 * so that the process answers health checks from its first second:
 * <ol>
 *   <li>{@link #start}: starts the role's {@link Telemetry} (registry with the JVM and system meters, tracing as
 *       {@code cellchat-<role>}, exception tracking), then listens with the operational endpoints only;
 *       {@code /health/ready} is DOWN ({@code serving} is false) while the role waits for its engines.</li>
 *   <li>{@link #serve}: once the role is composed, reconfigures the running server with its routes (same port, no
 *       restart) and its engines' readiness checks (the platform's, each under {@code health.timeout}).</li>
 * </ol>
 * The same operational endpoints as {@code cellchat dev}: {@code /metrics}, {@code /health/*}, {@code /version} and
 * the admin endpoints behind {@code admin.token}. The composition roots bind their engine clients to
 * {@link #metrics()} through {@link #metered} and the platform modules, and trace with {@link #tracing()}.
 */
final class RoleServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RoleServer.class);

    private final String role;
    private final ServerSettings settings;
    private final TelemetrySettings observed;
    private final BuildInfo build;
    private final Clock clock;
    private final Telemetry telemetry;
    private final HealthCheck serving = new HealthCheck("serving", () -> this.ready);
    private final Operations starting;
    private final Server server;
    private final List<AutoCloseable> binders = new ArrayList<>();
    private volatile boolean ready;
    private @Nullable Operations routed;

    private RoleServer(String role, ServerSettings settings, TelemetrySettings observed, BuildInfo build, Clock clock) {
        this.role = role;
        this.settings = settings;
        this.observed = observed;
        this.build = build;
        this.clock = clock;
        this.telemetry = Telemetry.start(role, observed, build.version(), clock);
        this.starting = telemetry.operations(List.of(serving), observed.adminToken(), clock);
        // Requests forwarded inside the cell (the gateway to the users role) name the client in X-Forwarded-For;
        // only a peer on the cell's own network is trusted to say so.
        this.server = ServerBootstrap.newServer(settings, build, starting)
                .clientAddressTrustedProxyFilter(RoleServer::trustedProxy)
                .build();
    }

    private static boolean trustedProxy(InetAddress peer) {
        return peer.isLoopbackAddress() || peer.isSiteLocalAddress();
    }

    /** Starts the role's telemetry and listens with the operational endpoints only. */
    static RoleServer start(String role, ServerSettings settings, TelemetrySettings observed, BuildInfo build) {
        RoleServer started = new RoleServer(role, settings, observed, build, Clock.systemUTC());
        started.server.start().join();
        log.info("{} role listening on http://{}:{} (waiting for its engines; /health/ready is DOWN until then)",
                role, settings.host(), started.port());
        return started;
    }

    /** Adds the role's routes and readiness checks to the running server; from now on it serves. */
    void serve(List<HealthCheck> engineChecks, Consumer<ServerBuilder> routes) {
        List<HealthCheck> all = new ArrayList<>(engineChecks);
        all.add(serving);
        Operations operations = telemetry.operations(all, observed.adminToken(), clock);
        // A reconfiguration starts from a new builder: what the server started with beyond the operational
        // endpoints is given again, its event loops (else never shut down) and the trusted proxies.
        EventLoopGroup workers = server.config().workerGroup();
        server.reconfigure(builder -> {
            ServerBootstrap.operational(builder, settings, build, operations);
            builder.workerGroup(workers, true).clientAddressTrustedProxyFilter(RoleServer::trustedProxy);
            routes.accept(builder);
        });
        starting.readiness().close();
        this.routed = operations;
        ready = true;
        log.info("{} role ready on http://{}:{} ({})", role, settings.host(), port(), build.describe("cellchat"));
    }

    int port() {
        return server.activeLocalPort();
    }

    /** The role's metrics registry, served at {@code /metrics}. */
    PrometheusMeterRegistry metrics() {
        return telemetry.metrics();
    }

    /** The role's tracing ({@code cellchat-<role>}; off unless {@code tracing.exporter} names one). */
    Tracing tracing() {
        return telemetry.tracing();
    }

    KafkaTracing kafkaTracing() {
        return new KafkaTracing(telemetry.tracing());
    }

    /** How long each readiness check may take ({@code health.timeout}). */
    Duration healthTimeout() {
        return observed.healthTimeout();
    }

    /** Exports the producer's own meters ({@code kafka_producer_*}) until the role stops; returns it. */
    <K, V> KafkaProducer<K, V> metered(KafkaProducer<K, V> producer) {
        synchronized (binders) {
            binders.add(KafkaMetrics.bind(producer, metrics()));
        }
        return producer;
    }

    /** Exports the consumer's own meters, its lag among them ({@code kafka_consumer_*}); returns it. */
    <K, V> KafkaConsumer<K, V> metered(KafkaConsumer<K, V> consumer) {
        synchronized (binders) {
            binders.add(KafkaMetrics.bind(consumer, metrics()));
        }
        return consumer;
    }

    /** Reports not ready from now on (draining), while the server still serves. */
    void unready() {
        ready = false;
    }

    void awaitTermination() {
        server.whenClosed().join();
    }

    /** Stops the server and its checks, then the meters of the clients and the telemetry (spans are exported). */
    @Override
    public void close() {
        ready = false;
        server.stop().join();
        starting.readiness().close();
        Operations operations = this.routed;
        if (operations != null) {
            operations.readiness().close();
        }
        synchronized (binders) {
            for (AutoCloseable binder : binders) {
                try {
                    binder.close();
                } catch (Exception e) {
                    log.debug("closing a meter binder: {}", e.toString());
                }
            }
            binders.clear();
        }
        telemetry.close();
    }
}
