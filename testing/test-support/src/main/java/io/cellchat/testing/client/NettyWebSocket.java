package io.cellchat.testing.client;

import com.linecorp.armeria.common.websocket.CloseWebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketCloseStatus;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The test client's transport: a WebSocket over Netty's client codec, which reads frame headers correctly however
 * TCP splits them. Armeria's WebSocket client has the same split-length flaw as its server (see
 * {@code io.cellchat.platform.server.WebSocketTransport}), and a test client that drops healthy connections would
 * make every test that sends bursts flaky. Netty also lets a test send any bytes as a text frame (invalid UTF-8
 * included), which hostile-input tests need.
 */
final class NettyWebSocket {

    private static final EventLoopGroup LOOPS = new MultiThreadIoEventLoopGroup(2,
            Thread.ofPlatform().daemon(true).name("test-ws-", 0).factory(), NioIoHandler.newFactory());
    private static final int MAX_PAYLOAD = 4 * 1024 * 1024;

    private final Channel channel;
    private final CompletableFuture<CloseWebSocketFrame> closed;

    private NettyWebSocket(Channel channel, CompletableFuture<CloseWebSocketFrame> closed) {
        this.channel = channel;
        this.closed = closed;
    }

    /**
     * Opens {@code ws://host:port/path} with a bearer token and one subprotocol; {@code received} gets every text or
     * binary payload, on a Netty thread. Returns once the handshake completed. A client that does not answer pings
     * looks dead to the server (heartbeat tests).
     */
    static NettyWebSocket open(URI uri, String token, String subprotocol, boolean answerPings,
            Consumer<byte[]> received) {
        CompletableFuture<Void> handshake = new CompletableFuture<>();
        CompletableFuture<CloseWebSocketFrame> closed = new CompletableFuture<>();
        DefaultHttpHeaders headers = new DefaultHttpHeaders();
        headers.add("Authorization", "Bearer " + token);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(uri)
                .subprotocol(subprotocol)
                .customHeaders(headers)
                .maxFramePayloadLength(MAX_PAYLOAD)
                .handleCloseFrames(false)
                .dropPongFrames(true)
                .handshakeTimeoutMillis(20_000)
                .build();
        Channel channel = new Bootstrap().group(LOOPS).channel(NioSocketChannel.class)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(65_536));
                        if (!answerPings) {
                            ch.pipeline().addLast(new IgnorePings());
                        }
                        ch.pipeline().addLast(new WebSocketClientProtocolHandler(config),
                                new WebSocketFrameAggregator(MAX_PAYLOAD), new Inbound(handshake, closed, received));
                    }
                })
                .connect(uri.getHost(), uri.getPort()).syncUninterruptibly().channel();
        handshake.join();
        return new NettyWebSocket(channel, closed);
    }

    void sendText(byte[] payload) {
        channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    }

    void sendBinary(byte[] payload) {
        channel.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload)));
    }

    void sendPing() {
        channel.writeAndFlush(new PingWebSocketFrame());
    }

    /** Completes with the server's close frame, or null if the connection ended without one. */
    CompletableFuture<CloseWebSocketFrame> closed() {
        return closed;
    }

    void close() {
        if (channel.isActive()) {
            channel.writeAndFlush(new io.netty.handler.codec.http.websocketx.CloseWebSocketFrame(1000, "bye"))
                    .addListener(ignored -> channel.close());
        }
    }

    /** Drops the server's pings before the protocol handler would answer them. */
    private static final class IgnorePings extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof PingWebSocketFrame ping) {
                ping.release();
                return;
            }
            ctx.fireChannelRead(msg);
        }
    }

    private static final class Inbound extends SimpleChannelInboundHandler<WebSocketFrame> {

        private final CompletableFuture<Void> handshake;
        private final CompletableFuture<CloseWebSocketFrame> closed;
        private final Consumer<byte[]> received;

        Inbound(CompletableFuture<Void> handshake, CompletableFuture<CloseWebSocketFrame> closed,
                Consumer<byte[]> received) {
            this.handshake = handshake;
            this.closed = closed;
            this.received = received;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
                handshake.complete(null);
            } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                handshake.completeExceptionally(new IllegalStateException("WebSocket handshake timed out"));
            }
            super.userEventTriggered(ctx, event);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
            switch (frame) {
                case TextWebSocketFrame text -> received.accept(bytes(text.content()));
                case BinaryWebSocketFrame binary -> received.accept(bytes(binary.content()));
                case io.netty.handler.codec.http.websocketx.CloseWebSocketFrame close -> {
                    closed.complete(com.linecorp.armeria.common.websocket.WebSocketFrame.ofClose(
                            WebSocketCloseStatus.valueOf(close.statusCode()), close.reasonText()));
                    ctx.writeAndFlush(new io.netty.handler.codec.http.websocketx.CloseWebSocketFrame(
                            close.statusCode(), "")).addListener(ignored -> ctx.close());
                }
                case PongWebSocketFrame ignored -> {
                    // liveness only
                }
                case ContinuationWebSocketFrame ignored -> {
                    // aggregated by WebSocketFrameAggregator
                }
                default -> {
                    // pings are answered by the protocol handler
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            handshake.completeExceptionally(new IllegalStateException("connection closed during the handshake"));
            closed.complete(null);
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            handshake.completeExceptionally(cause);
            closed.completeExceptionally(cause);
            ctx.close();
        }

        private static byte[] bytes(ByteBuf content) {
            return ByteBufUtil.getBytes(content);
        }
    }
}
