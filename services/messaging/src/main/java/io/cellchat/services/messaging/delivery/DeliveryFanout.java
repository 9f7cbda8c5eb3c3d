package io.cellchat.services.messaging.delivery;

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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;

/**
 * Delivers what the {@link EventBus} carries to the connections of this server. Each push is encoded at most once
 * per subprotocol, however many devices receive it, and queued on each connection without blocking.
 */
public final class DeliveryFanout implements AutoCloseable {

    private final ConnectionRegistry connections;
    private final EventBus.Subscription subscription;
    private final Counter framesOut;

    public DeliveryFanout(EventBus bus, ConnectionRegistry connections, MeterRegistry metrics) {
        this.connections = connections;
        this.framesOut = Counter.builder("cellchat.deliveries.frames")
                .description("push frames queued to devices").register(metrics);
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
        ServerFrame frame = frame(delivery.push());
        Map<Subprotocol, byte[]> encoded = new EnumMap<>(Subprotocol.class);
        for (long user : delivery.recipients()) {
            for (Connection connection : connections.ofUser(user)) {
                byte[] bytes = encoded.computeIfAbsent(connection.protocol(), protocol -> protocol.encode(frame));
                connection.sendEncoded(bytes);
                framesOut.increment();
            }
        }
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
            case Push.SessionEnded ended -> throw new IllegalArgumentException("not a frame: " + ended);
        };
    }

    @Override
    public void close() {
        subscription.close();
    }
}
