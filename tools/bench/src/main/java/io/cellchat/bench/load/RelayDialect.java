package io.cellchat.bench.load;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The baseline relay's raw frames: 64 bytes of [target user, sender user, scheduled nanos, sent nanos, padding],
 * user chosen by the {@code user} query parameter, no authentication, no persistence.
 */
public final class RelayDialect implements Dialect {

    private final String host;
    private final int port;

    public RelayDialect(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public URI uri(User user) {
        return URI.create("ws://" + host + ":" + port + "/ws?user=" + user.index());
    }

    @Override
    public @Nullable String subprotocol() {
        return null;
    }

    @Override
    public List<String> headers(User user) {
        return List.of();
    }

    @Override
    public Login login(User user) {
        return new Login() {
            @Override
            public boolean readyWhenOpen() {
                return true;
            }

            @Override
            public List<WebSocketFrame> start() {
                return List.of();
            }

            @Override
            public @Nullable List<WebSocketFrame> onFrame(WebSocketFrame frame) {
                return null;
            }
        };
    }

    @Override
    public WebSocketFrame message(User sender, User target, long scheduledNanos, long sentNanos, long sequence) {
        ByteBuf buffer = Unpooled.buffer(Payload.LENGTH);
        buffer.writeLong(target.index()).writeLong(sender.index()).writeLong(scheduledNanos).writeLong(sentNanos);
        buffer.writeZero(Payload.LENGTH - 32);
        return new BinaryWebSocketFrame(buffer);
    }

    @Override
    public @Nullable Received read(User receiver, WebSocketFrame frame) {
        if (!(frame instanceof BinaryWebSocketFrame) || frame.content().readableBytes() < 32) {
            return null;
        }
        ByteBuf content = frame.content();
        int at = content.readerIndex();
        return new Timestamps(content.getLong(at + 16), content.getLong(at + 24));
    }
}
