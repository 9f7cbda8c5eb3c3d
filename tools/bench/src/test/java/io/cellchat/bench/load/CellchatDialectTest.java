package io.cellchat.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.v1.Accepted;
import io.cellchat.contracts.v1.Error;
import io.cellchat.contracts.v1.ErrorCode;
import io.cellchat.contracts.v1.Event;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.MessagePosted;
import io.cellchat.contracts.v1.ServerFrame;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

/** How the load generator reads Cellchat's frames: each frame decoded once, into a delivery, a refusal or nothing. */
class CellchatDialectTest {

    private final CellchatDialect dialect = new CellchatDialect("127.0.0.1", 1);
    private final Dialect.User bob = new Dialect.User(1, 22, "bob", "secret");

    @Test
    void should_read_another_users_message_as_its_timestamps() {
        assertThat(dialect.read(bob, frame(message(11, Payload.text(5, 7)))))
                .isEqualTo(new Dialect.Timestamps(5, 7));
    }

    @Test
    void should_read_an_error_frame_as_a_refusal_with_its_code() {
        ServerFrame refused = ServerFrame.newBuilder()
                .setError(Error.newBuilder().setCode(ErrorCode.RATE_LIMITED).setMessage("slow down")).build();

        assertThat(dialect.read(bob, frame(refused))).isEqualTo(new Dialect.Refused("RATE_LIMITED"));
    }

    @Test
    void should_ignore_the_answer_the_echo_of_ones_own_message_and_anything_undecodable() {
        ServerFrame accepted = ServerFrame.newBuilder()
                .setAccepted(Accepted.newBuilder().setConversationId("d:11:22").setSeq(3)).build();

        assertThat(dialect.read(bob, frame(accepted))).isNull();
        assertThat(dialect.read(bob, frame(message(22, Payload.text(5, 7))))).isNull();
        BinaryWebSocketFrame undecodable = new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {(byte) 0xFF}));
        assertThat(dialect.read(bob, undecodable)).isNull();
        assertThat(dialect.read(bob, new TextWebSocketFrame("{}"))).isNull();
    }

    private static ServerFrame message(long actor, String text) {
        MessagePosted posted = MessagePosted.newBuilder().setBody(MessageBody.newBuilder().setText(text)).build();
        return ServerFrame.newBuilder().setEvent(Event.newBuilder().setConversationId("d:11:22").setSeq(1)
                .setActor(actor).setMessage(posted)).build();
    }

    private static BinaryWebSocketFrame frame(ServerFrame frame) {
        return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame.toByteArray()));
    }
}
