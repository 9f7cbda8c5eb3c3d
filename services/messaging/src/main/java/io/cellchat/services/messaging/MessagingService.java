package io.cellchat.services.messaging;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceOptions;
import com.linecorp.armeria.server.websocket.WebSocketService;
import io.cellchat.domain.account.Identities;
import io.cellchat.domain.social.Authorization;
import io.cellchat.domain.chat.ChatLimits;
import io.cellchat.domain.chat.ChatLog;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.id.IdGenerator;
import io.cellchat.domain.prefs.ConversationPreferences;
import io.cellchat.domain.presence.PresenceRules;
import io.cellchat.domain.presence.PresenceStore;
import io.cellchat.platform.server.BearerAuth;
import io.cellchat.platform.server.RestErrors;
import io.cellchat.platform.server.WebSocketTransport;
import io.cellchat.services.messaging.delivery.DeliveryFanout;
import io.cellchat.services.messaging.dispatch.FrameDispatcher;
import io.cellchat.services.messaging.dispatch.Queries;
import io.cellchat.services.messaging.presence.PresenceTracker;
import io.cellchat.services.messaging.protocol.Commands;
import io.cellchat.services.messaging.protocol.Subprotocol;
import io.cellchat.services.messaging.rest.ConversationsApi;
import io.cellchat.services.messaging.session.ChatSocketHandler;
import io.cellchat.services.messaging.session.CloseCodes;
import io.cellchat.services.messaging.session.ConnectionRegistry;
import io.cellchat.services.messaging.telemetry.EdgeMetrics;
import io.cellchat.services.messaging.telemetry.EdgeTelemetry;
import io.cellchat.services.messaging.telemetry.EdgeTracing;
import io.cellchat.platform.observability.tracing.Tracing;
import io.opentelemetry.context.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.cellchat.domain.partition.RoutingTable;
import io.cellchat.services.messaging.ownership.PartitionOwnership;
import io.cellchat.services.messaging.session.PartitionGate;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of the messaging service: the WebSocket endpoint {@code /ws/v1}, the REST reads under
 * {@code /api/v1}, delivery to devices and presence. Routes are added to a server the process owns.
 */
public final class MessagingService implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MessagingService.class);

    /**
     * The ports and settings the service runs on.
     *
     * @param routing in a distributed cell, how this server shares the user partitions; {@code null} in the single
     *     process, which serves everyone
     */
    public record Dependencies(ChatLog log, ChatReader reader, Identities accounts, Authorization authorization,
            ConversationPreferences prefs, EventBus bus, PresenceStore presenceStore, IdGenerator ids,
            ChatLimits limits, MessagingSettings settings, String serverVersion, Clock clock, MeterRegistry metrics,
            Tracing tracing, @Nullable CellRouting routing) {

        /** In the single process, which serves every user. */
        public Dependencies(ChatLog log, ChatReader reader, Identities accounts, Authorization authorization,
                ConversationPreferences prefs, EventBus bus, PresenceStore presenceStore, IdGenerator ids,
                ChatLimits limits, MessagingSettings settings, String serverVersion, Clock clock,
                MeterRegistry metrics, Tracing tracing) {
            this(log, reader, accounts, authorization, prefs, bus, presenceStore, ids, limits, settings, serverVersion,
                    clock, metrics, tracing, null);
        }

        /** In the single process, without tracing (tests, tools). */
        public Dependencies(ChatLog log, ChatReader reader, Identities accounts, Authorization authorization,
                ConversationPreferences prefs, EventBus bus, PresenceStore presenceStore, IdGenerator ids,
                ChatLimits limits, MessagingSettings settings, String serverVersion, Clock clock,
                MeterRegistry metrics) {
            this(log, reader, accounts, authorization, prefs, bus, presenceStore, ids, limits, settings, serverVersion,
                    clock, metrics,
                    Tracing.start(io.cellchat.platform.observability.tracing.TracingSettings.off("cellchat")), null);
        }
    }

    /**
     * A messaging server's place in a cell (docs/design/cell.md, "Partition ownership").
     *
     * @param address this server's base URL, where clients of its partitions connect
     * @param partitionCount partitions of {@code chat.deliveries}
     * @param ttl how long a claim in the routing table lives unrefreshed ({@code messaging.route-ttl}, 15 s)
     * @param hintWait how long a moved partition's clients wait for the new owner's address
     *     ({@code messaging.reconnect-hint-wait}, 5 s)
     */
    public record CellRouting(RoutingTable table, String address, int partitionCount, Duration ttl,
            Duration hintWait) {}

    private final ConnectionRegistry connections;
    private final DeliveryFanout fanout;
    private final PresenceTracker presence;
    private final ExecutorService blocking;
    private final ScheduledExecutorService sweeper;
    private final ChatSocketHandler handler;
    private final ConversationsApi api;
    private final Dependencies deps;
    private final @Nullable PartitionOwnership ownership;

    public MessagingService(Dependencies deps) {
        this.deps = requireNonNull(deps, "deps");
        EdgeTelemetry telemetry = new EdgeTelemetry(new EdgeMetrics(deps.metrics()), new EdgeTracing(deps.tracing()));
        this.connections = new ConnectionRegistry(deps.metrics(), telemetry.metrics());
        this.fanout = new DeliveryFanout(deps.bus(), connections, telemetry, deps.clock());
        // One thread, so presence changes are published in order (see PresenceTracker); it also runs the sweep.
        this.sweeper = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("presence-sweep").daemon(true).factory());
        this.presence = new PresenceTracker(deps.presenceStore(),
                new PresenceRules(deps.settings().presenceAwayAfter()), deps.bus(), deps.clock(), deps.authorization(),
                sweeper);
        // Reads carry the trace context of the frame that asked for them.
        this.blocking = Context.taskWrapping(
                Executors.newFixedThreadPool(8, Thread.ofPlatform().name("messaging-reads-", 0).factory()));
        FrameDispatcher dispatcher = new FrameDispatcher(deps.log(), deps.reader(), deps.accounts(),
                deps.authorization(), deps.prefs(),
                new Commands(deps.limits(), deps.ids()), presence, deps.bus(), blocking, deps.settings(),
                telemetry);
        CellRouting routing = deps.routing();
        this.ownership = routing == null ? null : new PartitionOwnership(routing.table(), routing.address(),
                routing.partitionCount(), connections, sweeper, routing.ttl(), routing.hintWait());
        this.handler = new ChatSocketHandler(deps.accounts(), dispatcher, connections, presence, deps.settings(),
                deps.limits(), deps.serverVersion(), deps.clock(),
                ownership == null ? PartitionGate.EVERYONE : ownership);
        this.api = new ConversationsApi(new Queries(deps.reader(), deps.accounts(), deps.prefs()),
                new BearerAuth(deps.accounts()::authenticate));
        // Often enough that "away" shows within a quarter of presence.away-after of going idle.
        long sweepMillis = Math.clamp(deps.settings().presenceAwayAfter().toMillis() / 4, 500, 30_000);
        // A periodic task that throws is never run again: one failed sweep must not end presence updates.
        var unused = sweeper.scheduleAtFixedRate(() -> {
            try {
                presence.sweep();
            } catch (RuntimeException e) {
                log.error("presence sweep failed; the next one runs in {} ms", sweepMillis, e);
            }
        }, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
    }

    /** Adds {@code /ws/v1} and the REST reads to a server. */
    public void addRoutes(ServerBuilder server) {
        server.service("/ws/v1", webSocket());
        server.annotatedService().pathPrefix("/api/v1").exceptionHandlers(new RestErrors()).build(api);
    }

    private HttpService webSocket() {
        return WebSocketTransport.withCorrectFrameLengths(WebSocketService.builder(handler)
                // No request timeout or length limit for a long-lived socket; once the server has closed its side,
                // give the client 1 s (not Armeria's 5 s) to close the other, so shutdown does not wait on it.
                .serviceOptions(ServiceOptions.builder()
                        .requestTimeoutMillis(0)
                        .maxRequestLength(0)
                        .requestAutoAbortDelayMillis(1000)
                        .closeHttp2StreamDelayMillis(1000)
                        .build())
                .subprotocols(Subprotocol.wireNames())
                .allowedOrigins("*")
                .maxFramePayloadLength(deps.settings().transportFrameBytes())
                .aggregateContinuation(true)
                .build());
    }

    /**
     * In a cell, what the {@link io.cellchat.backplane.DeliveryListener} of {@code chat.deliveries} reports partition
     * moves to; empty in the single process.
     */
    public Optional<PartitionOwnership> ownership() {
        return Optional.ofNullable(ownership);
    }

    public int connectionCount() {
        return connections.size();
    }

    /** Asks every client to reconnect elsewhere (1001) and stops background work. */
    @Override
    public void close() {
        if (ownership != null) {
            ownership.withdrawAll();
        }
        connections.all().forEach(c -> c.close(CloseCodes.GOING_AWAY, "server shutting down; reconnect"));
        sweeper.shutdownNow();
        fanout.close();
        blocking.shutdown();
    }
}
