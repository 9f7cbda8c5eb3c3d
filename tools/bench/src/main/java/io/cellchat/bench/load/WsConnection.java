package io.cellchat.bench.load;

import static java.util.Objects.requireNonNull;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One benchmark user's WebSocket, on a Netty event loop: runs the dialect's login, then hands every received frame
 * to the listener. Everything here runs on the connection's event loop.
 */
final class WsConnection extends SimpleChannelInboundHandler<WebSocketFrame> {

    interface Listener {
        void ready(WsConnection connection);

        void received(WsConnection connection, WebSocketFrame frame);

        void closed(WsConnection connection, boolean wasReady);
    }

    private final Dialect.User user;
    private final Dialect.Login login;
    private final Listener listener;
    private @Nullable Channel channel;
    private boolean ready;

    WsConnection(Dialect.User user, Dialect dialect, Listener listener) {
        super(true);
        this.user = user;
        this.login = dialect.login(user);
        this.listener = listener;
    }

    Dialect.User user() {
        return user;
    }

    /** The channel, once Netty added this handler to it. */
    Channel channel() {
        return requireNonNull(channel, "not connected yet");
    }

    boolean isReady() {
        return ready;
    }

    /** Writes and flushes; call on the event loop. */
    void send(WebSocketFrame frame) {
        Channel channel = channel();
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    void close() {
        if (channel != null) {
            channel.close();
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.channel = ctx.channel();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            if (login.readyWhenOpen()) {
                markReady();
            } else {
                login.start().forEach(this::send);
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (ready) {
            listener.received(this, frame);
            return;
        }
        List<WebSocketFrame> replies = login.onFrame(frame);
        if (replies == null) {
            markReady();
        } else {
            replies.forEach(this::send);
        }
    }

    private void markReady() {
        ready = true;
        listener.ready(this);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        listener.closed(this, ready);
        ready = false;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
