package io.cellchat.services.messaging.delivery;

import io.cellchat.contracts.v1.ContactState;
import io.cellchat.contracts.v1.ContactUpdate;
import io.cellchat.contracts.v1.PresenceUpdate;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.TypingUpdate;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.delivery.Push;
import io.cellchat.services.messaging.prefs.PrefsFrames;
import io.cellchat.services.messaging.protocol.ProtocolMapper;
import io.cellchat.services.messaging.protocol.Subprotocol;
import io.cellchat.services.messaging.session.CloseCodes;
import io.cellchat.services.messaging.session.Connection;
import io.cellchat.services.messaging.session.ConnectionRegistry;
import io.cellchat.services.messaging.session.OwnEvents;
import io.cellchat.services.messaging.telemetry.EdgeMetrics;
import io.cellchat.services.messaging.telemetry.EdgeTelemetry;
import io.cellchat.services.messaging.telemetry.EdgeTracing;
import io.cellchat.services.messaging.telemetry.FrameTrace;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;

/**
 * Delivers what the {@link EventBus} carries to the connections of this server. Each push is encoded at most once
 * per subprotocol, however many devices receive it, and queued on each connection without blocking.
 *
 * <p>Each push is counted per device; a new message's delivery latency (from its acceptance, the event's time, to
 * the push queued on the device's connection) goes into {@code cellchat_delivery_latency_seconds}. When the
 * delivery comes under a traced context (the command's span in one process, the Kafka record's headers in a cell),
 * it gets a span of its own, and the pushed frame carries that span's trace context to the recipient. A command's
 * event is not pushed to the connection that sent the command when its answer carries it ({@link OwnEvents}).
 */
public final class DeliveryFanout implements AutoCloseable {

    private final ConnectionRegistry connections;
    private final EventBus.Subscription subscription;
    private final EdgeMetrics metrics;
    private final EdgeTracing tracing;
    private final Clock clock;

    public DeliveryFanout(EventBus bus, ConnectionRegistry connections, EdgeTelemetry telemetry, Clock clock) {
        this.connections = connections;
        this.metrics = telemetry.metrics();
        this.tracing = telemetry.tracing();
        this.clock = clock;
        this.subscription = bus.subscribe(this::deliver);
    }

    private void deliver(Delivery delivery) {
        if (delivery.push() instanceof Push.SessionEnded(long deviceId)) {
            for (long user : delivery.recipients()) {
                connections.ofUser(user).stream()
                        .filter(c -> c.deviceId() == deviceId)
                        .forEach(c -> c.close(CloseCodes.SESSION_ENDED, "session ended; log in again"));
            }
            return;
        }
        ServerFrame untraced = frame(delivery.push());
        FrameTrace trace = tracing.delivery(untraced.getKindCase(), delivery.recipients().size());
        var traceFields = trace.toProto();
        ServerFrame frame = traceFields == null ? untraced : untraced.toBuilder().setTrace(traceFields).build();
        Map<Subprotocol, byte[]> encoded = new EnumMap<>(Subprotocol.class);
        OwnEvents own = frame.hasEvent() ? OwnEvents.current() : null;
        int devices = 0;
        try (Scope scope = trace.makeCurrent()) {
            for (long user : delivery.recipients()) {
                for (Connection connection : connections.ofUser(user)) {
                    if (own != null && own.hold(connection, frame.getEvent())) {
                        devices++; // delivered in the command's answer, which follows at once
                        continue;
                    }
                    connection.releaseHeld();
                    byte[] bytes = encoded.computeIfAbsent(connection.protocol(), protocol -> protocol.encode(frame));
                    connection.sendEncoded(bytes);
                    devices++;
                }
            }
        }
        metrics.delivered(frame.getKindCase(), devices);
        if (delivery.push() instanceof Push.NewEvent(var event) && devices > 0) {
            long latency = clock.millis() - event.at().toEpochMilli();
            for (int i = 0; i < devices; i++) {
                metrics.deliveryLatency(latency);
            }
        }
        trace.attribute("cellchat.devices", devices);
        trace.end(null);
    }

    static ServerFrame frame(Push push) {
        ServerFrame.Builder frame = ServerFrame.newBuilder();
        return switch (push) {
            case Push.NewEvent(var event) -> frame.setEvent(ProtocolMapper.event(event)).build();
            case Push.ReceiptMoved(var conversation, var member) ->
                    frame.setReceipt(ProtocolMapper.receipt(conversation, member)).build();
            case Push.Typing(var conversation, long user, boolean typing) -> frame.setTyping(TypingUpdate.newBuilder()
                    .setConversationId(conversation.value()).setUserId(user).setTyping(typing)).build();
            case Push.PresenceChanged(var presence) -> {
                PresenceUpdate update = ProtocolMapper.presence(presence);
                yield frame.setPresence(update).build();
            }
            case Push.PrefsChanged(var prefs) -> frame.setPrefs(PrefsFrames.prefs(prefs)).build();
            case Push.ContactChanged(var state, var other) -> frame.setContact(ContactUpdate.newBuilder()
                    .setUserId(other.userId())
                    .setState(ContactState.valueOf(state.name()))
                    .setProfile(ProtocolMapper.visibleProfile(other))).build();
            case Push.SessionEnded ended -> throw new IllegalArgumentException("not a frame: " + ended);
        };
    }

    @Override
    public void close() {
        subscription.close();
    }
}
