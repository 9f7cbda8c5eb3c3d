package io.cellchat.system;

import static io.cellchat.system.ChatServer.direct;
import static io.cellchat.system.ChatServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.websocket.WebSocketFrame;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.EditMessage;
import io.cellchat.contracts.v1.ErrorCode;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.Ping;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Session;
import io.cellchat.contracts.v1.Sync;
import io.cellchat.testing.client.TestChatClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every bad frame gets its error code, stores nothing, and leaves the connection open. */
@Tag("system")
@Timeout(120)
class BadInputIT {

    private static ChatServer server;
    private static Session alice;
    private static Session bob;
    private static Session eve;
    private static String conversation;

    private TestChatClient a;

    @BeforeAll
    static void start() throws Exception {
        server = new ChatServer();
        alice = server.register("alice");
        bob = server.register("bob");
        eve = server.register("eve");
        conversation = direct(alice.getUserId(), bob.getUserId());
        TestChatClient b = server.connect(bob);
        b.request(send(conversation, "bob's first message"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void connect() {
        a = server.connect(alice);
    }

    private ServerFrame lastError() {
        return a.awaitFrame(f -> f.hasError());
    }

    private void assertStillOpenAndNothingStored() {
        assertThat(a.request(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance())).hasPong()).isTrue();
        var sync = a.request(ClientFrame.newBuilder().setSync(Sync.newBuilder().setConversationId(conversation)))
                .getSync();
        assertThat(sync.getLastSeq()).isEqualTo(1);
    }

    @Test
    void should_answer_malformed_json_with_malformed_frame() {
        a.sendRaw(WebSocketFrame.ofText("{not json"));

        assertThat(lastError().getError().getCode()).isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertStillOpenAndNothingStored();
    }

    @Test
    void should_answer_binary_garbage_on_the_proto_encoding_with_malformed_frame() {
        TestChatClient native_ = server.connect(alice, ChatServer.PROTO);
        native_.sendRaw(WebSocketFrame.ofBinary(new byte[] {(byte) 0xff, (byte) 0xff, 0x01, 0x02}));

        assertThat(native_.awaitFrame(ServerFrame::hasError).getError().getCode())
                .isEqualTo(ErrorCode.MALFORMED_FRAME);
        assertThat(native_.request(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance())).hasPong()).isTrue();
    }

    @Test
    void should_answer_a_frame_of_unknown_type_with_unknown_frame_type() {
        a.sendRaw(WebSocketFrame.ofText("{\"requestId\":\"u1\",\"teleport\":{\"to\":\"mars\"}}"));

        ServerFrame error = a.awaitFrame(f -> f.getRequestId().equals("u1"));
        assertThat(error.getError().getCode()).isEqualTo(ErrorCode.UNKNOWN_FRAME_TYPE);
        assertStillOpenAndNothingStored();
    }

    @Test
    void should_answer_an_oversized_frame_with_frame_too_large_and_keep_the_connection() {
        a.sendRaw(WebSocketFrame.ofText("{\"requestId\":\"big\",\"ping\":{},\"pad\":\"" + "x".repeat(100_000) + "\"}"));

        ServerFrame error = lastError();
        assertThat(error.getError().getCode()).isEqualTo(ErrorCode.FRAME_TOO_LARGE);
        assertThat(error.getError().getMessage()).contains("expected: <= 65536");
        assertStillOpenAndNothingStored();
    }

    @Test
    void should_refuse_a_text_longer_than_4096_characters() {
        ServerFrame error = a.request(send(conversation, "x".repeat(4097)));

        assertThat(error.getError().getCode()).isEqualTo(ErrorCode.TEXT_TOO_LONG);
        assertThat(error.getError().getMessage()).isEqualTo("text length: 4097 (expected: <= 4096)");
        assertStillOpenAndNothingStored();
    }

    @Test
    void should_refuse_posting_to_a_conversation_one_is_not_in() {
        TestChatClient e = server.connect(eve);

        ServerFrame error = e.request(send(conversation, "let me in"));

        assertThat(error.getError().getCode()).isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND);
        assertStillOpenAndNothingStored();
    }

    @Test
    void should_refuse_editing_someone_elses_message() {
        ServerFrame error = a.request(ClientFrame.newBuilder().setEdit(EditMessage.newBuilder()
                .setConversationId(conversation).setSeq(1).setBody(MessageBody.newBuilder().setText("mine now"))));

        assertThat(error.getError().getCode()).isEqualTo(ErrorCode.NOT_YOUR_MESSAGE);
        assertStillOpenAndNothingStored();
    }

    @Test
    void should_refuse_a_send_without_idempotency_key_and_a_malformed_conversation_id() {
        ServerFrame noKey = a.request(send(conversation, "hi").clone().setSend(
                send(conversation, "hi").getSend().toBuilder().clearIdempotencyKey()));
        ServerFrame badId = a.request(send("d:2:1", "hi"));

        assertThat(noKey.getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(noKey.getError().getMessage()).contains("idempotency_key: missing");
        assertThat(badId.getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(badId.getError().getMessage()).contains("conversation_id: d:2:1");
        assertStillOpenAndNothingStored();
    }

    @Test
    void should_close_with_4001_when_the_token_is_unknown() {
        assertThat(TestChatClient.closeCode(server.uri(), "not-a-token", ChatServer.JSON)).isEqualTo(4001);
    }

    @Test
    void should_rate_limit_a_flood_of_frames_without_closing() {
        for (int i = 0; i < 400; i++) {
            a.send(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()));
        }

        ServerFrame limited = a.awaitFrame(f -> f.hasError() && f.getError().getCode() == ErrorCode.RATE_LIMITED);
        assertThat(limited.getError().getRetriable()).isTrue();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> a.request(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance())).hasPong());
    }
}
