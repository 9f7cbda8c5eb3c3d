package io.cellchat.bench.load;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.SendMessage;
import io.cellchat.contracts.v1.ServerFrame;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.URI;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Cellchat's client protocol v1 in its binary encoding ({@code cellchat.v1.proto}): a bearer token at connect, the
 * {@code welcome} frame as the ready signal, a {@code send} to the direct conversation of the two users, and the
 * {@code event} push at the recipient. The sender's {@code accepted} answer (which carries the event in the single
 * process) and a cell's push of the event to the sender are ignored.
 */
public final class CellchatDialect implements Dialect {

    private final Function<User, URI> where;

    /** Every user connects to one server: the single process. */
    public CellchatDialect(String host, int port) {
        this(user -> URI.create("ws://" + host + ":" + port + "/ws/v1"));
    }

    /** Each user connects where {@code where} says: in a cell, the messaging server the gateway named. */
    public CellchatDialect(Function<User, URI> where) {
        this.where = where;
    }

    @Override
    public URI uri(User user) {
        return where.apply(user);
    }

    @Override
    public @Nullable String subprotocol() {
        return "cellchat.v1.proto";
    }

    @Override
    public List<String> headers(User user) {
        return List.of("authorization", "Bearer " + user.secret());
    }

    @Override
    public Login login(User user) {
        return new Login() {
            @Override
            public List<WebSocketFrame> start() {
                return List.of();
            }

            @Override
            public @Nullable List<WebSocketFrame> onFrame(WebSocketFrame frame) {
                ServerFrame decoded = decode(frame);
                return decoded != null && decoded.hasWelcome() ? null : List.of();
            }
        };
    }

    @Override
    public WebSocketFrame message(User sender, User target, long scheduledNanos, long sentNanos, long sequence) {
        long low = Math.min(sender.id(), target.id());
        long high = Math.max(sender.id(), target.id());
        ClientFrame frame = ClientFrame.newBuilder().setSend(SendMessage.newBuilder()
                .setConversationId("d:" + low + ":" + high)
                .setIdempotencyKey(Integer.toString(sender.index(), 36) + "-" + Long.toString(sequence, 36))
                .setBody(MessageBody.newBuilder().setText(Payload.text(scheduledNanos, sentNanos)))).build();
        return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame.toByteArray()));
    }

    @Override
    public @Nullable Received read(User receiver, WebSocketFrame frame) {
        ServerFrame decoded = decode(frame);
        if (decoded == null) {
            return null;
        }
        if (decoded.hasError()) {
            return new Refused(decoded.getError().getCode().name());
        }
        if (!decoded.hasEvent() || !decoded.getEvent().hasMessage() || decoded.getEvent().getActor() == receiver.id()) {
            return null;
        }
        return Payload.parse(decoded.getEvent().getMessage().getBody().getText());
    }

    private static @Nullable ServerFrame decode(WebSocketFrame frame) {
        if (!(frame instanceof BinaryWebSocketFrame)) {
            return null;
        }
        try {
            return ServerFrame.parseFrom(ByteBufUtil.getBytes(frame.content()));
        } catch (InvalidProtocolBufferException e) {
            return null;
        }
    }
}
