package io.cellchat.bench.load;

import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How the load generator speaks to one kind of server over WebSocket: where to connect, how a session becomes ready,
 * how to encode a timed message to another user and how to read one back. One workload, three dialects: Cellchat's
 * binary protocol, the baseline relay's raw frames, and XMPP for the ejabberd peer.
 */
public interface Dialect {

    /** The WebSocket URI of a user's connection. */
    URI uri(User user);

    /** The WebSocket subprotocol to ask for, or null. */
    @Nullable String subprotocol();

    /** HTTP headers of the upgrade request, as name, value pairs. */
    List<String> headers(User user);

    /**
     * Frames to send once the WebSocket is open, and how to tell the session is ready. Returns the frames to send
     * in reply to a received frame during login (XMPP needs a few round trips), or null when the session is ready.
     */
    Login login(User user);

    /** A message to {@code target} carrying the two timestamps, about 64 bytes of payload. */
    WebSocketFrame message(User sender, User target, long scheduledNanos, long sentNanos, long sequence);

    /**
     * Reads a received frame once: the timestamps of a message from another user, the code of an error that refused a
     * message, or null if the frame is something else (an acknowledgement, the sender's own echo, presence).
     */
    @Nullable Received read(User receiver, WebSocketFrame frame);

    /** A user of the benchmark: an index, a name, and whatever the dialect needs (a token). */
    record User(int index, long id, String name, String secret) {}

    /** What a received frame tells the load generator. */
    sealed interface Received permits Timestamps, Refused {}

    /** A message from another user, with the times it was scheduled and sent (the sender's clock). */
    record Timestamps(long scheduledNanos, long sentNanos) implements Received {}

    /** An error frame: the server refused a message. */
    record Refused(String code) implements Received {}

    /** The conversation that brings a session from open to ready. */
    interface Login {
        /** Whether the session is ready as soon as the WebSocket is open (no login conversation). */
        default boolean readyWhenOpen() {
            return false;
        }

        /** Frames to send right after the WebSocket opens. */
        List<WebSocketFrame> start();

        /** Frames to send after receiving {@code frame}; an empty list to wait; null once the session is ready. */
        @Nullable List<WebSocketFrame> onFrame(WebSocketFrame frame);
    }
}
