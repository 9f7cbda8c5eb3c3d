package io.cellchat.services.messaging.session;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.websocket.WebSocket;
import com.linecorp.armeria.common.websocket.WebSocketCloseStatus;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketFrameType;
import com.linecorp.armeria.common.websocket.WebSocketWriter;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.websocket.WebSocketProtocolViolationException;
import com.linecorp.armeria.server.websocket.WebSocketServiceHandler;
import io.cellchat.contracts.codec.MalformedMessageException;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.Limits;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Welcome;
import io.cellchat.domain.account.Identities;
import io.cellchat.domain.account.Principal;
import io.cellchat.domain.chat.ChatLimits;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.id.IdsUnavailableException;
import io.cellchat.platform.server.BearerAuth;
import io.cellchat.services.messaging.MessagingSettings;
import io.cellchat.services.messaging.dispatch.ErrorMapping;
import io.cellchat.services.messaging.dispatch.FrameDispatcher;
import io.cellchat.services.messaging.presence.PresenceTracker;
import io.cellchat.services.messaging.ownership.PartitionOwnership;
import io.cellchat.services.messaging.protocol.Subprotocol;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket's life: negotiate the encoding, authenticate the token (off the event loop), send
 * {@code welcome}, then read frames one at a time, decode and rate-limit them, hand them to the
 * {@link FrameDispatcher}, ping every heartbeat interval and close a peer silent for the idle timeout.
 *
 * <p>Bad frames (undecodable, too large, unknown kind, rate limited) are answered with an error frame; the
 * connection stays open. Only a bad token (4001), a token that cannot be checked now (1013), an unsupported
 * subprotocol (4002), silence (4004), a slow reader (4008) or, in a distributed cell, a user whose partition another
 * server owns (4010, after a {@code reconnect} frame naming it; see {@link PartitionGate}) close it.
 */
public final class ChatSocketHandler implements WebSocketServiceHandler {

    private static final Logger log = LoggerFactory.getLogger(ChatSocketHandler.class);

    private final Identities accounts;
    private final FrameDispatcher dispatcher;
    private final ConnectionRegistry connections;
    private final PresenceTracker presence;
    private final MessagingSettings settings;
    private final ChatLimits limits;
    private final String serverVersion;
    private final Clock clock;
    private final PartitionGate gate;

    public ChatSocketHandler(Identities accounts, FrameDispatcher dispatcher, ConnectionRegistry connections,
            PresenceTracker presence, MessagingSettings settings, ChatLimits limits, String serverVersion,
            Clock clock, PartitionGate gate) {
        this.accounts = requireNonNull(accounts, "accounts");
        this.dispatcher = requireNonNull(dispatcher, "dispatcher");
        this.connections = requireNonNull(connections, "connections");
        this.presence = requireNonNull(presence, "presence");
        this.settings = requireNonNull(settings, "settings");
        this.limits = requireNonNull(limits, "limits");
        this.serverVersion = requireNonNull(serverVersion, "serverVersion");
        this.clock = requireNonNull(clock, "clock");
        this.gate = requireNonNull(gate, "gate");
    }

    @Override
    public WebSocket handle(ServiceRequestContext ctx, WebSocket in) {
        WebSocketWriter out = WebSocket.streaming();
        Optional<Subprotocol> protocol = Subprotocol.negotiate(
                ctx.request().headers().get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL));
        if (protocol.isEmpty()) {
            drain(in);
            out.close(WebSocketCloseStatus.ofPrivateUse(
                    CloseCodes.UNSUPPORTED_PROTOCOL, "unsupported protocol (expected: " + Subprotocol.wireNames() + ")"));
            return out;
        }
        String token = BearerAuth.token(ctx.request().headers(), ctx);
        Connection[] holder = new Connection[1];
        record Admission(Optional<Principal> principal, Optional<String> redirect) {}
        CompletableFuture.supplyAsync(() -> {
                    Optional<Principal> principal = accounts.authenticate(token);
                    return new Admission(principal, principal.flatMap(p -> gate.redirect(p.userId())));
                }, ctx.blockingTaskExecutor())
                .whenCompleteAsync((admission, error) -> {
                    if (error != null) {
                        // The token was not judged (or the user's server not found): no reason to log the user out.
                        drain(in);
                        out.close(WebSocketCloseStatus.TRY_AGAIN_LATER,
                                "cannot admit the connection now; try again later");
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        if (cause instanceof ChatException || cause instanceof IdsUnavailableException) {
                            log.warn("cannot admit a connection now; closed with {}: {}", CloseCodes.TRY_AGAIN_LATER,
                                    cause.getMessage());
                        } else {
                            log.error("admitting a connection failed; closed with {}", CloseCodes.TRY_AGAIN_LATER,
                                    cause);
                        }
                        return;
                    }
                    Optional<Principal> principal = admission.principal();
                    if (principal.isEmpty()) {
                        drain(in);
                        out.close(WebSocketCloseStatus.ofPrivateUse(
                                CloseCodes.UNAUTHORIZED, "unauthorized: missing, unknown or expired token"));
                        return;
                    }
                    if (admission.redirect().isPresent()) {
                        // Not ours: no welcome, no presence; the reconnect frame names the owner.
                        drain(in);
                        holder[0] = new Connection(principal.get(), protocol.get(), out, settings.maxPendingFrames(),
                                clock, ctx.eventLoop(), connections.metrics());
                        PartitionOwnership.sendAway(holder[0], admission.redirect().get(),
                                "this server does not serve user " + principal.get().userId());
                        return;
                    }
                    holder[0] = open(ctx, in, out, principal.get(), protocol.get());
                }, ctx.eventLoop());
        return WebSocket.of(out.peek(frame -> {
            Connection connection = holder[0];
            if (connection != null) {
                connection.written();
            }
        }));
    }

    /** Reads and drops what a refused client sends until it answers the close. */
    private static void drain(WebSocket in) {
        in.subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(WebSocketFrame frame) {
                frame.close();
            }

            @Override
            public void onError(Throwable error) {}

            @Override
            public void onComplete() {}
        });
    }

    private Connection open(ServiceRequestContext ctx, WebSocket in, WebSocketWriter out, Principal principal,
            Subprotocol protocol) {
        Connection connection = new Connection(principal, protocol, out, settings.maxPendingFrames(), clock,
                ctx.eventLoop(), connections.metrics());
        connections.add(connection);
        connection.send(ServerFrame.newBuilder().setWelcome(Welcome.newBuilder()
                .setUserId(principal.userId())
                .setDeviceId(principal.deviceId())
                .setServerVersion(serverVersion)
                .setProtocol(protocol.wireName())
                .setLimits(Limits.newBuilder()
                        .setMaxTextLength(limits.maxTextLength())
                        .setMaxFrameBytes(settings.maxFrameBytes())
                        .setMaxGroupMembers(limits.maxGroupMembers())
                        .setHeartbeatIntervalMs((int) settings.heartbeatInterval().toMillis())
                        .setIdleTimeoutMs((int) settings.idleTimeout().toMillis())
                        .setFramesPerSecond(settings.framesPerSecond())
                        .setFrameBurst(settings.frameBurst()))).build());
        presence.connected(principal.userId(), principal.deviceId());
        long interval = settings.heartbeatInterval().toMillis();
        ScheduledFuture<?> heartbeat = ctx.eventLoop().scheduleAtFixedRate(
                () -> heartbeat(connection), interval, interval, TimeUnit.MILLISECONDS);
        out.whenComplete().handle((ignored, error) -> {
            heartbeat.cancel(false);
            boolean deviceStillHere = connections.remove(connection);
            if (!deviceStillHere) {
                presence.disconnected(principal.userId(), principal.deviceId());
            }
            return null;
        });
        in.subscribe(new Inbound(connection, out), ctx.eventLoop());
        return connection;
    }

    private void heartbeat(Connection connection) {
        Duration silent = Duration.between(connection.lastInbound(), clock.instant());
        if (silent.compareTo(settings.idleTimeout()) > 0) {
            connection.close(CloseCodes.HEARTBEAT_TIMEOUT, "no frame for " + silent.toSeconds()
                    + " s (connection.idle-timeout)");
        } else {
            connection.ping();
        }
    }

    /** Reads one frame at a time, on the connection's event loop. */
    private final class Inbound implements Subscriber<WebSocketFrame> {

        private final Connection connection;
        private final WebSocketWriter out;
        private final RateLimiter rate;
        private Subscription subscription;

        Inbound(Connection connection, WebSocketWriter out) {
            this.connection = connection;
            this.out = out;
            this.rate = new RateLimiter(settings.framesPerSecond(), settings.frameBurst(), clock);
        }

        @Override
        public void onSubscribe(Subscription subscription) {
            this.subscription = subscription;
            subscription.request(1);
        }

        @Override
        public void onNext(WebSocketFrame frame) {
            try {
                connection.markInbound();
                WebSocketFrameType type = frame.type();
                switch (type) {
                    case TEXT, BINARY -> data(frame, type == WebSocketFrameType.BINARY);
                    case PING -> connection.pong(frame.array());
                    case CLOSE -> out.close();
                    default -> {
                        // PONG only proves liveness; CONTINUATION cannot arrive (continuations are aggregated).
                    }
                }
            } finally {
                subscription.request(1);
            }
        }

        private void data(WebSocketFrame frame, boolean binary) {
            if (!rate.tryAcquire()) {
                connection.send(ErrorMapping.error("", ChatError.RATE_LIMITED, "more than "
                        + settings.framesPerSecond() + " frames per second (connection.rate-limit); slow down and retry"));
                return;
            }
            if (frame.length() > settings.maxFrameBytes()) {
                connection.send(ErrorMapping.error("", ChatError.FRAME_TOO_LARGE, "frame size: " + frame.length()
                        + " bytes (expected: <= " + settings.maxFrameBytes() + ")"));
                return;
            }
            if (binary != connection.protocol().binary()) {
                connection.send(ErrorMapping.error("", ChatError.MALFORMED_FRAME, (binary ? "binary" : "text")
                        + " frame on " + connection.protocol().wireName() + " (expected: "
                        + (connection.protocol().binary() ? "binary" : "text") + " frames)"));
                return;
            }
            ClientFrame decoded;
            try {
                decoded = connection.protocol().decode(frame.array());
            } catch (MalformedMessageException e) {
                connection.send(ErrorMapping.error("", ChatError.MALFORMED_FRAME,
                        "not a ClientFrame in " + connection.protocol().wireName() + ": " + e.getMessage()));
                return;
            }
            connections.metrics().received(decoded.getKindCase());
            dispatcher.dispatch(connection, decoded);
        }

        /** The transport failed the stream: a protocol violation (Armeria closes with 1002, 1007 or 1009), a reset. */
        @Override
        public void onError(Throwable error) {
            if (error instanceof WebSocketProtocolViolationException violation) {
                log.info("closing connection of user {} device {}: {} {}", connection.userId(), connection.deviceId(),
                        violation.closeStatus().code(), violation.getMessage());
            } else {
                log.debug("connection of user {} device {} ended: {}", connection.userId(), connection.deviceId(),
                        error.toString());
            }
            out.close();
        }

        @Override
        public void onComplete() {
            out.close();
        }
    }
}
