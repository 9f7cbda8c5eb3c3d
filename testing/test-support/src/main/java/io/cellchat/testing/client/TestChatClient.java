package io.cellchat.testing.client;

import com.linecorp.armeria.client.websocket.WebSocketClient;
import com.linecorp.armeria.client.websocket.WebSocketSession;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.websocket.CloseWebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import io.cellchat.contracts.ProtoJson;
import io.cellchat.contracts.codec.MalformedMessageException;
import io.cellchat.contracts.codec.StrictJson;
import io.cellchat.contracts.codec.StrictProto;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.Event;
import io.cellchat.contracts.v1.ServerFrame;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A WebSocket client of the chat protocol for tests: one device, either encoding. It records every frame it
 * receives and lets a test wait for the one it expects; {@link #request} sends a frame and waits for its answer.
 * It speaks WebSocket through Netty ({@link NettyWebSocket}), and decodes what the server sends as strictly as the
 * server decodes what clients send.
 */
public final class TestChatClient implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final boolean binary;
    private final NettyWebSocket socket;
    private final List<ServerFrame> received = new ArrayList<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong answers = new AtomicLong();
    private final CompletableFuture<CloseWebSocketFrame> closed = new CompletableFuture<>();
    private final long userId;
    private final @Nullable Consumer<ServerFrame> listener;

    private TestChatClient(boolean binary, URI uri, String token, String subprotocol, boolean answerPings,
            @Nullable Consumer<ServerFrame> listener) {
        this.binary = binary;
        this.listener = listener;
        this.socket = NettyWebSocket.open(uri, token, subprotocol, answerPings, this::received);
        socket.closed().whenComplete((frame, error) -> {
            if (error != null) {
                closed.completeExceptionally(error);
            } else {
                closed.complete(frame);
            }
            synchronized (received) {
                received.notifyAll();
            }
        });
        this.userId = awaitFrame(f -> f.hasWelcome()).getWelcome().getUserId();
    }

    /**
     * Connects to {@code /ws/v1} of a server and waits for its welcome.
     *
     * @param baseUri for example {@code http://127.0.0.1:8080}
     * @param subprotocol {@code cellchat.v1.json} or {@code cellchat.v1.proto}
     */
    public static TestChatClient connect(String baseUri, String token, String subprotocol) {
        return new TestChatClient(subprotocol.endsWith(".proto"), URI.create(baseUri.replace("http://", "ws://")
                + "/ws/v1"), token, subprotocol, true, null);
    }

    /**
     * Connects to a WebSocket URL (as {@code GET /api/v1/connect} gives it) and waits for the welcome; afterwards
     * every frame goes to {@code listener} (on a Netty thread) instead of being kept, so a long-running client does
     * not accumulate what it received. Only the welcome is kept ({@link #received()}).
     */
    public static TestChatClient connect(URI webSocketUri, String token, String subprotocol,
            Consumer<ServerFrame> listener) {
        return new TestChatClient(subprotocol.endsWith(".proto"), webSocketUri, token, subprotocol, true,
                java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** Connects a client that never answers the server's WebSocket pings: to the server, a dead peer. */
    public static TestChatClient connectIgnoringPings(String baseUri, String token, String subprotocol) {
        return new TestChatClient(subprotocol.endsWith(".proto"), URI.create(baseUri.replace("http://", "ws://")
                + "/ws/v1"), token, subprotocol, false, null);
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

    /**
     * The close code the server answers a WebSocket opened with this token with, before any other frame matters
     * (-1: the stream ended without a close frame); waits at most 10 s.
     */
    public static int closeCode(String baseUri, String token, String subprotocol) {
        WebSocketSession session = connectRaw(baseUri, token, subprotocol);
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        session.inbound().subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(WebSocketFrame frame) {
                if (frame instanceof CloseWebSocketFrame close) {
                    closed.complete(close.status().code());
                }
            }

            @Override
            public void onError(Throwable t) {
                closed.completeExceptionally(t);
            }

            @Override
            public void onComplete() {
                closed.complete(-1);
            }
        });
        session.outbound();
        return closed.orTimeout(10, TimeUnit.SECONDS).join();
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

    /** Sends a text, binary or ping frame as is, whatever its payload (malformed input tests). */
    public void sendRaw(WebSocketFrame frame) {
        try {
            switch (frame.type()) {
                case TEXT -> socket.sendText(frame.array());
                case BINARY -> socket.sendBinary(frame.array());
                case PING -> socket.sendPing();
                default -> throw new IllegalArgumentException("cannot send a " + frame.type() + " frame");
            }
        } finally {
            frame.close();
        }
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

    /**
     * Waits for an event, pushed or carried by an {@code accepted} answer (the connection that sent a command gets
     * its events in the answer instead of as pushes; a client applies both alike), and returns it.
     */
    public Event awaitEvent(Predicate<Event> matches) {
        return events(awaitFrame(frame -> events(frame).anyMatch(matches))).filter(matches).findFirst().orElseThrow();
    }

    /** Every event received so far, in the order received: pushed, or carried by {@code accepted} answers. */
    public List<Event> events() {
        return received().stream().flatMap(TestChatClient::events).toList();
    }

    private static Stream<Event> events(ServerFrame frame) {
        return frame.hasEvent() ? Stream.of(frame.getEvent()) : frame.getAccepted().getEventsList().stream();
    }

    /** Every frame received so far. */
    public List<ServerFrame> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /**
     * How many answers arrived: frames that answer a request ({@code accepted}, {@code ok}, {@code pong}, results and
     * errors, with or without a request ID), as opposed to pushes. Every client frame gets exactly one.
     */
    public long answers() {
        return answers.get();
    }

    /** Completes with the server's close frame when it closes the connection. */
    public CompletableFuture<CloseWebSocketFrame> closed() {
        return closed;
    }

    @Override
    public void close() {
        socket.close();
    }

    private void received(byte[] payload) {
        ServerFrame decoded;
        try {
            decoded = binary ? StrictProto.parse(payload, ServerFrame.parser(), ServerFrame.getDescriptor())
                    : StrictJson.parse(payload, ServerFrame.newBuilder()).build();
        } catch (MalformedMessageException e) {
            throw new IllegalStateException("server sent an undecodable frame", e);
        }
        switch (decoded.getKindCase()) {
            case ACCEPTED, OK, PONG, CONVERSATIONS, SYNC, HISTORY, ERROR -> answers.incrementAndGet();
            default -> {
                // a push
            }
        }
        if (listener != null && !decoded.hasWelcome()) {
            listener.accept(decoded);
            return;
        }
        synchronized (received) {
            received.add(decoded);
            received.notifyAll();
        }
    }
}
