package io.cellchat.services.messaging.telemetry;

import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.ErrorCode;
import io.cellchat.contracts.v1.ServerFrame;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The application meters of the messaging edge, with the names and units of docs/operations/metrics.md. Every tag
 * comes from a closed set (frame kinds, error codes, close codes), never from a user or a conversation, and the
 * meters of each closed set are registered at start, at zero, so every series exists before its first event (a
 * dashboard shows 0, not "no data"). The hot path looks counters up in enum maps: no allocation per frame.
 */
public final class EdgeMetrics {

    private final Map<ClientFrame.KindCase, Counter> framesIn = new EnumMap<>(ClientFrame.KindCase.class);
    private final Map<ServerFrame.KindCase, Counter> framesOut = new EnumMap<>(ServerFrame.KindCase.class);
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Map<ClientFrame.KindCase, Counter> accepted = new EnumMap<>(ClientFrame.KindCase.class);
    private final Map<ServerFrame.KindCase, Counter> deliveries = new EnumMap<>(ServerFrame.KindCase.class);
    private final Map<String, Counter> closed = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Counter opened;
    private final Timer deliveryLatency;
    private final Counter syncRequests;
    private final Counter syncEvents;

    public EdgeMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (ClientFrame.KindCase kind : ClientFrame.KindCase.values()) {
            framesIn.put(kind, Counter.builder("cellchat.frames.received")
                    .description("client frames decoded, by kind (none: no kind set)")
                    .tag("type", name(kind)).register(registry));
        }
        for (ServerFrame.KindCase kind : ServerFrame.KindCase.values()) {
            framesOut.put(kind, Counter.builder("cellchat.frames.sent")
                    .description("server frames queued to devices, by kind (answers and pushes)")
                    .tag("type", name(kind)).register(registry));
        }
        for (ErrorCode code : ErrorCode.values()) {
            if (code != ErrorCode.UNRECOGNIZED) {
                errors.put(code, Counter.builder("cellchat.errors")
                        .description("error frames sent, by protocol error code")
                        .tag("code", code.name()).register(registry));
            }
        }
        for (ServerFrame.KindCase kind : new ServerFrame.KindCase[] {ServerFrame.KindCase.EVENT,
                ServerFrame.KindCase.RECEIPT, ServerFrame.KindCase.TYPING, ServerFrame.KindCase.PRESENCE}) {
            deliveries.put(kind, Counter.builder("cellchat.deliveries")
                    .description("pushes queued to devices, by kind (one per device)")
                    .tag("type", name(kind)).register(registry));
        }
        this.opened = Counter.builder("cellchat.connections.opened")
                .description("WebSocket connections opened (welcome sent)").register(registry);
        this.deliveryLatency = Timer.builder("cellchat.delivery.latency")
                .description("from a message's acceptance (durable) to its push queued on a device's connection")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
        this.syncRequests = Counter.builder("cellchat.sync.requests")
                .description("sync requests answered on the WebSocket").register(registry);
        this.syncEvents = Counter.builder("cellchat.sync.events")
                .description("events returned by sync: gaps filled on devices that missed them").register(registry);
        closedCounter("client");
    }

    /** Registers the counter of accepted commands of one kind; called for every command kind at start. */
    public void commandKind(ClientFrame.KindCase kind) {
        accepted.computeIfAbsent(kind, k -> Counter.builder("cellchat.commands.accepted")
                .description("commands made durable, by kind").tag("command", name(k)).register(registry));
    }

    public void received(ClientFrame.KindCase kind) {
        counter(framesIn, kind).increment();
    }

    /** One frame queued to a device: counted by kind, and by error code when it is an error. */
    public void sent(ServerFrame frame) {
        ServerFrame.KindCase kind = frame.getKindCase();
        counter(framesOut, kind).increment();
        if (kind == ServerFrame.KindCase.ERROR) {
            Counter counter = errors.get(frame.getError().getCode());
            if (counter != null) {
                counter.increment();
            }
        }
    }

    /** A push queued to {@code devices} connections. */
    public void delivered(ServerFrame.KindCase kind, int devices) {
        counter(framesOut, kind).increment(devices);
        Counter counter = deliveries.get(kind);
        if (counter != null) {
            counter.increment(devices);
        }
    }

    /** The time from a message's acceptance to its push reaching a device's connection. */
    public void deliveryLatency(long millis) {
        deliveryLatency.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    public void accepted(ClientFrame.KindCase kind) {
        Counter counter = accepted.get(kind);
        if (counter != null) {
            counter.increment();
        }
    }

    public void synced(int events) {
        syncRequests.increment();
        syncEvents.increment(events);
    }

    public void opened() {
        opened.increment();
    }

    /**
     * A connection closed.
     *
     * @param reason the close code the server sent ({@code "4004"}), or {@code "client"} when the client closed it
     *     or the transport failed
     */
    public void closed(String reason) {
        closedCounter(reason).increment();
    }

    private Counter closedCounter(String reason) {
        return closed.computeIfAbsent(reason, r -> Counter.builder("cellchat.connections.closed")
                .description("WebSocket connections closed, by the server's close code or 'client'")
                .tag("reason", r).register(registry));
    }

    private static <K extends Enum<K>> Counter counter(Map<K, Counter> counters, K kind) {
        Counter counter = counters.get(kind);
        if (counter == null) {
            throw new IllegalStateException("no counter for " + kind);
        }
        return counter;
    }

    private static String name(Enum<?> kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
