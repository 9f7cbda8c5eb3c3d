package io.cellchat.testing.client;

import com.google.protobuf.InvalidProtocolBufferException;
import com.linecorp.armeria.client.websocket.WebSocketClient;
import com.linecorp.armeria.client.websocket.WebSocketSession;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.websocket.CloseWebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketFrameType;
import com.linecorp.armeria.common.websocket.WebSocketWriter;
import io.cellchat.contracts.ProtoJson;
import io.cellchat.contracts.codec.MalformedMessageException;
import io.cellchat.contracts.codec.StrictJson;
import io.cellchat.contracts.codec.StrictProto;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.ServerFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A WebSocket client of the chat protocol for tests: one device, either encoding. It records every frame it
 * receives and lets a test wait for the one it expects; {@link #request} sends a frame and waits for its answer.
 */
public final class TestChatClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final boolean binary;
    private final WebSocketWriter out;
    private final List<ServerFrame> received = new ArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final CompletableFuture<CloseWebSocketFrame> closed = new CompletableFuture<>();
    private final long userId;

    private TestChatClient(boolean binary, WebSocketSession session) {
        this.binary = binary;
        this.out = session.outbound();
        session.inbound().subscribe(new Inbound());
        this.userId = awaitFrame(f -> f.hasWelcome()).getWelcome().getUserId();
    }

    /**
     * Connects to {@code /ws/v1} of a server and waits for its welcome.
     *
     * @param baseUri for example {@code http://127.0.0.1:8080}
     * @param subprotocol {@code cellchat.v1.json} or {@code cellchat.v1.proto}
     */
    public static TestChatClient connect(String baseUri, String token, String subprotocol) {
        WebSocketSession session = WebSocketClient.builder(baseUri.replace("http://", "ws+h1c://"))
                .subprotocols(subprotocol)
                .maxFramePayloadLength(4 * 1024 * 1024)
                .build()
                .connect("/ws/v1", HttpHeaders.of(HttpHeaderNames.AUTHORIZATION, "Bearer " + token))
                .join();
        return new TestChatClient(subprotocol.endsWith(".proto"), session);
    }

    /** Connects without waiting for a welcome (for tests that expect the server to refuse). */
    public static WebSocketSession connectRaw(String baseUri, String token, String subprotocol) {
        return WebSocketClient.builder(baseUri.replace("http://", "ws+h1c://"))
                .subprotocols(subprotocol)
                .build()
                .connect("/ws/v1", token == null ? HttpHeaders.of()
                        : HttpHeaders.of(HttpHeaderNames.AUTHORIZATION, "Bearer " + token))
                .join();
    }

    public long userId() {
        return userId;
    }

    /** Sends a frame with a fresh request ID (unless it has one) and returns that ID. */
    public String send(ClientFrame.Builder frame) {
        if (frame.getRequestId().isEmpty()) {
            frame.setRequestId("r" + requests.incrementAndGet());
        }
        ClientFrame built = frame.build();
        sendRaw(binary ? WebSocketFrame.ofBinary(built.toByteArray())
                : WebSocketFrame.ofText(ProtoJson.print(built)));
        return built.getRequestId();
    }

    /** Sends any WebSocket frame as is (malformed input tests). */
    public void sendRaw(WebSocketFrame frame) {
        out.write(frame);
    }

    /** Sends a frame and waits for the answer with its request ID. */
    public ServerFrame request(ClientFrame.Builder frame) {
        String id = send(frame);
        return awaitFrame(f -> f.getRequestId().equals(id));
    }

    /** Waits for a received frame (already received or arriving) that matches, and returns it. */
    public ServerFrame awaitFrame(Predicate<ServerFrame> matches) {
        return awaitFrame(matches, TIMEOUT);
    }

    public ServerFrame awaitFrame(Predicate<ServerFrame> matches, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (received) {
            while (true) {
                for (ServerFrame frame : received) {
                    if (matches.test(frame)) {
                        return frame;
                    }
                }
                if (closed.isDone()) {
                    throw new IllegalStateException("connection closed before a matching frame arrived");
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching frame within " + timeout + "; received: " + received);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(received, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** Every frame received so far. */
    public List<ServerFrame> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** Completes with the server's close frame when it closes the connection. */
    public CompletableFuture<CloseWebSocketFrame> closed() {
        return closed;
    }

    @Override
    public void close() {
        out.close();
    }

    private final class Inbound implements Subscriber<WebSocketFrame> {
        @Override
        public void onSubscribe(Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(WebSocketFrame frame) {
            if (frame.type() == WebSocketFrameType.CLOSE) {
                closed.complete((CloseWebSocketFrame) frame);
                wakeWaiters();
                return;
            }
            if (frame.type() != WebSocketFrameType.TEXT && frame.type() != WebSocketFrameType.BINARY) {
                return;
            }
            try {
                ServerFrame decoded = binary
                        ? StrictProto.parse(frame.array(), ServerFrame.parser(), ServerFrame.getDescriptor())
                        : StrictJson.parse(frame.array(), ServerFrame.newBuilder()).build();
                synchronized (received) {
                    received.add(decoded);
                    received.notifyAll();
                }
            } catch (MalformedMessageException e) {
                throw new IllegalStateException("server sent an undecodable frame", e);
            }
        }

        @Override
        public void onError(Throwable error) {
            closed.completeExceptionally(error);
            wakeWaiters();
        }

        @Override
        public void onComplete() {
            closed.complete(null);
            wakeWaiters();
        }

        private void wakeWaiters() {
            synchronized (received) {
                received.notifyAll();
            }
        }
    }
}
