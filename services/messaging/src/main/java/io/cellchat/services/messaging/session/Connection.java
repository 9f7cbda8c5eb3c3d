package io.cellchat.services.messaging.session;

import com.linecorp.armeria.common.websocket.WebSocketCloseStatus;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketWriter;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.domain.account.Principal;
import io.cellchat.services.messaging.protocol.Subprotocol;
import io.cellchat.services.messaging.telemetry.EdgeMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket of one device: who it is, how it encodes, and its outbound side.
 *
 * <p>Armeria's writer queues without bound, so this counts frames written but not yet handed to the socket; past
 * {@code maxPendingFrames} the client is not keeping up, and the connection is closed with
 * {@link CloseCodes#SLOW_CONSUMER} (and aborted if even the close frame does not drain). Nothing is lost: the
 * client reconnects and syncs the gap. Thread-safe: any thread may send.
 */
public final class Connection {

    private static final Logger log = LoggerFactory.getLogger(Connection.class);
    private static final long ABORT_AFTER_CLOSE_SECONDS = 10;

    private final Principal principal;
    private final Subprotocol protocol;
    private final WebSocketWriter out;
    private final int maxPendingFrames;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Queue<OwnEvents> holding = new ConcurrentLinkedQueue<>();
    private final EdgeMetrics metrics;
    private volatile Instant lastInbound;
    private volatile int closeCode;

    public Connection(Principal principal, Subprotocol protocol, WebSocketWriter out, int maxPendingFrames, Clock clock,
            ScheduledExecutorService scheduler, EdgeMetrics metrics) {
        this.metrics = metrics;
        this.principal = principal;
        this.protocol = protocol;
        this.out = out;
        this.maxPendingFrames = maxPendingFrames;
        this.clock = clock;
        this.scheduler = scheduler;
        this.lastInbound = clock.instant();
    }

    public Principal principal() {
        return principal;
    }

    public long userId() {
        return principal.userId();
    }

    public long deviceId() {
        return principal.deviceId();
    }

    public Subprotocol protocol() {
        return protocol;
    }

    public void send(ServerFrame frame) {
        metrics.sent(frame);
        sendEncoded(protocol.encode(frame));
    }

    /** Sends a frame already encoded in this connection's subprotocol (fan-out encodes once per encoding). */
    public void sendEncoded(byte[] encoded) {
        write(protocol.frame(encoded));
    }

    /**
     * Pushes the events that commands of this connection still hold for answers not sent yet ({@link OwnEvents}):
     * called before any other push, so that no event overtakes them.
     */
    public void releaseHeld() {
        if (holding.isEmpty()) {
            return;
        }
        for (OwnEvents own : holding) {
            own.release();
        }
    }

    void holding(OwnEvents own) {
        holding.add(own);
    }

    void released(OwnEvents own) {
        holding.remove(own);
    }

    /** Sends a WebSocket ping; counted like any frame. */
    public void ping() {
        write(WebSocketFrame.ofPing());
    }

    /** Answers a client's ping. */
    public void pong(byte[] payload) {
        write(WebSocketFrame.ofPong(payload));
    }

    private void write(WebSocketFrame frame) {
        if (closing.get()) {
            frame.close();
            return;
        }
        if (pending.incrementAndGet() > maxPendingFrames) {
            pending.decrementAndGet();
            frame.close();
            close(CloseCodes.SLOW_CONSUMER, "slow consumer: " + maxPendingFrames
                    + " frames waiting (connection.max-pending-frames); reconnect and sync");
            return;
        }
        if (!out.tryWrite(frame)) {
            pending.decrementAndGet();
        }
    }

    /** Called as each frame leaves the queue for the socket. */
    void written() {
        pending.decrementAndGet();
    }

    public int pendingFrames() {
        return pending.get();
    }

    void markInbound() {
        lastInbound = clock.instant();
    }

    Instant lastInbound() {
        return lastInbound;
    }

    public boolean isOpen() {
        return !closing.get() && out.isOpen();
    }

    /** Closes with a protocol close code; aborts if the close frame cannot be sent in time. */
    public void close(int code, String reason) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closeCode = code;
        log.info("closing connection of user {} device {}: {} {}", principal.userId(), principal.deviceId(), code,
                reason);
        WebSocketCloseStatus status = code >= 4000 && code <= 4999
                ? WebSocketCloseStatus.ofPrivateUse(code, truncate(reason))
                : WebSocketCloseStatus.valueOf(code);
        try {
            out.close(status, truncate(reason));
        } catch (RuntimeException alreadyClosed) {
            return;
        }
        scheduler.schedule(() -> {
            if (out.isOpen()) {
                out.abort();
            }
        }, ABORT_AFTER_CLOSE_SECONDS, TimeUnit.SECONDS);
    }

    /** The close code the server sent, as the meters tag it; {@code "client"} when the server did not close it. */
    String closeReason() {
        int code = closeCode;
        return code == 0 ? "client" : Integer.toString(code);
    }

    private static String truncate(String reason) {
        // A close reason is at most 123 bytes of UTF-8.
        byte[] bytes = reason.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return bytes.length <= 120 ? reason : new String(bytes, 0, 120, java.nio.charset.StandardCharsets.UTF_8);
    }
}
