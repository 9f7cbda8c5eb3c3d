package io.cellchat.system;

import static io.cellchat.system.ChatServer.direct;
import static io.cellchat.system.ChatServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.CodedOutputStream;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.CreateGroup;
import io.cellchat.contracts.v1.ErrorCode;
import io.cellchat.contracts.v1.ListConversations;
import io.cellchat.contracts.v1.Ping;
import io.cellchat.contracts.v1.React;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Session;
import io.cellchat.contracts.v1.Sync;
import io.cellchat.testing.client.TestChatClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every input the hostile-client run of issue 8 found accepted, sent through a real server: each is refused with its
 * documented code, stores nothing, and (on the WebSocket) leaves the connection open.
 */
@Tag("system")
@Timeout(120)
class StrictInputIT {

    private static ChatServer server;
    private static Session alice;
    private static Session bob;
    private static String conversation;

    private TestChatClient a;

    @BeforeAll
    static void start() throws Exception {
        server = new ChatServer();
        alice = server.register("alice");
        bob = server.register("bob");
        conversation = direct(alice.getUserId(), bob.getUserId());
        server.connect(bob).request(send(conversation, "bob's first message"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void connect() {
        a = server.connect(alice);
    }

    /** Sends raw bytes as a text frame and returns the error it is answered with. */
    private ServerFrame sendText(byte[] payload) {
        a.sendRaw(WebSocketFrame.ofText(payload));
        return a.awaitFrame(ServerFrame::hasError);
    }

    private ServerFrame sendText(String json) {
        return sendText(json.getBytes(StandardCharsets.UTF_8));
    }

    private void assertRefusedAndNothingStored(ServerFrame answer, ErrorCode code) {
        assertThat(answer.getError().getCode()).as("%s", answer).isEqualTo(code);
        assertThat(a.request(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance())).hasPong()).isTrue();
        var sync = a.request(ClientFrame.newBuilder().setSync(Sync.newBuilder().setConversationId(conversation)))
                .getSync();
        assertThat(sync.getLastSeq()).as("nothing stored").isEqualTo(1);
        assertThat(a.request(ClientFrame.newBuilder().setListConversations(ListConversations.getDefaultInstance()))
                .getConversations().getConversationsCount()).as("no group created").isEqualTo(1);
    }

    private static byte[] sendWithTextBytes(String hex) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(("{\"requestId\":\"u\",\"send\":{\"conversationId\":\"" + conversation
                + "\",\"idempotencyKey\":\"k-utf8\",\"body\":{\"text\":\"a").getBytes(StandardCharsets.UTF_8));
        frame.writeBytes(HexFormat.of().parseHex(hex));
        frame.writeBytes("\"}}}".getBytes(StandardCharsets.UTF_8));
        return frame.toByteArray();
    }

    @Nested
    class WebSocketJson {

        @ParameterizedTest
        @ValueSource(strings = {"ff", "c0af", "eda080", "e282"})
        void should_refuse_invalid_utf8_instead_of_accepting_a_replacement(String hex) {
            ServerFrame answer = sendText(sendWithTextBytes(hex));

            assertThat(answer.getError().getMessage()).contains("not UTF-8");
            assertThat(answer.getRequestId()).isEmpty();
            assertRefusedAndNothingStored(answer, ErrorCode.MALFORMED_FRAME);
        }

        @Test
        void should_refuse_a_lone_surrogate() {
            assertRefusedAndNothingStored(sendText("{\"requestId\":\"s\",\"send\":{\"conversationId\":\"" + conversation
                    + "\",\"idempotencyKey\":\"k-s\",\"body\":{\"text\":\"\\ud800\"}}}"), ErrorCode.MALFORMED_FRAME);
        }

        @ParameterizedTest
        @ValueSource(strings = {
            "{requestId:\"t1\",\"ping\":{}}",
            "{'requestId':'t1','ping':{}}",
            "{\"requestId\":\"t1\",/* hi */\"ping\":{}}",
            "\uFEFF{\"requestId\":\"t1\",\"ping\":{}}",
            "{\"requestId\":\"t1\",\"ping\":{}} xyz",
            "{\"requestId\":\"t1\",\"ping\":{}}{\"requestId\":\"t2\",\"ping\":{}}",
            "{\"requestId\":\"t1\",\"ping\":{},\"sync\":{}}",
            "{\"requestId\":\"t1\",\"requestId\":\"t2\",\"ping\":{}}",
        })
        void should_refuse_what_only_a_lenient_parser_reads(String json) {
            assertRefusedAndNothingStored(sendText(json), ErrorCode.MALFORMED_FRAME);
        }

        @Test
        void should_refuse_wrong_types_instead_of_coercing_them() {
            String send = "{\"requestId\":\"w\",\"send\":{\"conversationId\":\"" + conversation + "\",";
            assertRefusedAndNothingStored(sendText(send + "\"idempotencyKey\":\"k1\",\"body\":{\"text\":5}}}"),
                    ErrorCode.MALFORMED_FRAME);
            assertRefusedAndNothingStored(sendText(send + "\"idempotencyKey\":\"k2\",\"body\":{\"text\":[\"a\"]}}}"),
                    ErrorCode.MALFORMED_FRAME);
            assertRefusedAndNothingStored(sendText(send + "\"idempotencyKey\":7,\"body\":{\"text\":\"a\"}}}"),
                    ErrorCode.MALFORMED_FRAME);
            assertRefusedAndNothingStored(sendText("{\"requestId\":\"e\",\"edit\":{\"conversationId\":\"" + conversation
                    + "\",\"seq\":[1],\"body\":{\"text\":\"edited\"}}}"), ErrorCode.MALFORMED_FRAME);
            assertRefusedAndNothingStored(sendText("{\"requestId\":\"g\",\"createGroup\":{\"title\":[\"a\"]}}"),
                    ErrorCode.MALFORMED_FRAME);
        }
    }

    @Nested
    class WebSocketProtobuf {

        private TestChatClient p;

        @BeforeEach
        void connectNative() {
            p = server.connect(alice, ChatServer.PROTO);
        }

        private ErrorCode answerTo(byte[] frame) {
            p.sendRaw(WebSocketFrame.ofBinary(frame));
            ErrorCode code = p.awaitFrame(ServerFrame::hasError).getError().getCode();
            assertThat(p.request(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance())).hasPong()).isTrue();
            return code;
        }

        @Test
        void should_refuse_a_frame_with_two_kinds_instead_of_taking_the_last() {
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.writeBytes(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build().toByteArray());
            both.writeBytes(send(conversation, "sneaked in").build().toByteArray());

            assertThat(answerTo(both.toByteArray())).isEqualTo(ErrorCode.MALFORMED_FRAME);
            assertRefusedAndNothingStored(sendText("{\"requestId\":\"x\",\"ping\":{},\"history\":{}}"),
                    ErrorCode.MALFORMED_FRAME);
        }

        @Test
        void should_refuse_a_field_with_the_wrong_wire_type_instead_of_reading_it_as_absent() throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeInt64(1, 42);
            out.writeMessage(27, Ping.getDefaultInstance());
            out.flush();

            assertThat(answerTo(bytes.toByteArray())).isEqualTo(ErrorCode.MALFORMED_FRAME);
        }
    }

    @Nested
    class Text {

        @ParameterizedTest
        @ValueSource(strings = {"\u3164", "\u2800\u2800", "\u0301", "\u200b\u200b", " \u00a0 "})
        void should_refuse_text_that_is_only_invisible(String text) {
            assertRefusedAndNothingStored(a.request(send(conversation, text)), ErrorCode.TEXT_EMPTY);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\u0000", "a\u0000b", "bell\u0007", "esc\u001b[31m"})
        void should_refuse_control_characters(String text) {
            assertRefusedAndNothingStored(a.request(send(conversation, text)), ErrorCode.INVALID_ARGUMENT);
        }

        @ParameterizedTest
        @ValueSource(strings = {"\u200b", "\u0000", "a", "\uD83D\uDC4D\uD83D\uDC4D"})
        void should_refuse_a_reaction_that_is_not_one_emoji(String emoji) {
            assertRefusedAndNothingStored(a.request(ClientFrame.newBuilder().setReact(React.newBuilder()
                    .setConversationId(conversation).setSeq(1).setEmoji(emoji).setAdd(true))),
                    ErrorCode.INVALID_ARGUMENT);
        }

        @Test
        void should_refuse_a_group_title_of_invisible_characters() {
            assertRefusedAndNothingStored(a.request(ClientFrame.newBuilder().setCreateGroup(CreateGroup.newBuilder()
                    .setTitle("\u200b\u200b").addMemberIds(bob.getUserId()))), ErrorCode.INVALID_ARGUMENT);
        }

        @Test
        void should_store_text_normalized_and_counted_after_normalizing() {
            TestChatClient c = server.connect(server.register("carol"));
            String decomposed = "e\u0301".repeat(4096);
            String carolAndBob = direct(c.userId(), bob.getUserId());

            ServerFrame accepted = c.request(send(carolAndBob, decomposed + "  \n"));

            assertThat(accepted.hasAccepted()).as("%s", accepted).isTrue();
            var stored = c.request(ClientFrame.newBuilder().setSync(Sync.newBuilder().setConversationId(carolAndBob)))
                    .getSync().getEvents(0).getMessage().getBody().getText();
            assertThat(stored).isEqualTo("\u00e9".repeat(4096));
        }
    }

    @Nested
    class Http {

        private String exchange(String request) throws IOException {
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = socket.getInputStream();
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        private String get(String target, String extraHeaders) throws IOException {
            return exchange("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + extraHeaders
                    + "\r\n");
        }

        @ParameterizedTest
        @ValueSource(strings = {"/api/v1/users/%00", "/api/v1/users/1%2F2", "/%00"})
        void should_answer_a_malformed_path_in_the_error_format(String path) throws IOException {
            String response = get(path, "");

            assertThat(response).startsWith("HTTP/1.1 400").contains("application/json")
                    .contains("\"code\":\"INVALID_ARGUMENT\"");
        }

        @Test
        void should_answer_a_long_query_in_the_error_format() throws IOException {
            String response = get("/api/v1/users?query=" + "q".repeat(5000), "");

            assertThat(response).startsWith("HTTP/1.1 414").contains("\"code\":\"INVALID_ARGUMENT\"")
                    .contains("request line: too long");
        }

        @Test
        void should_answer_large_headers_in_the_error_format() throws IOException {
            String response = get("/api/v1/conversations", "X-Padding: " + "h".repeat(8 * 1024) + "\r\n");

            assertThat(response).startsWith("HTTP/1.1 431").contains("\"code\":\"INVALID_ARGUMENT\"");
        }

        @Test
        void should_answer_a_body_over_8_kib_with_413_frame_too_large() throws IOException {
            String body = "{\"username\":\"zed\",\"password\":\"" + "p".repeat(9000) + "\"}";
            String response = exchange("POST /api/v1/auth/register HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);

            assertThat(response).startsWith("HTTP/1.1 413").contains("\"code\":\"FRAME_TOO_LARGE\"")
                    .contains("request body: over 8192 bytes");
        }

        @Test
        void should_refuse_a_numeric_username_and_a_blank_display_name_instead_of_creating_the_user() {
            var numeric = server.accounts().post("/api/v1/auth/register",
                    "{\"username\":123,\"password\":\"correct horse battery\"}");
            var blank = server.accounts().post("/api/v1/auth/register",
                    "{\"username\":\"spaces\",\"password\":\"correct horse battery\",\"displayName\":\"   \"}");

            assertThat(numeric.status().code()).isEqualTo(400);
            assertThat(numeric.contentUtf8()).contains("\"code\":\"INVALID_ARGUMENT\"").contains("username: an integer");
            assertThat(blank.status().code()).isEqualTo(400);
            assertThat(blank.contentUtf8()).contains("display_name length: 0");
        }
    }

    @Test
    void should_rate_limit_without_a_request_id() {
        for (int i = 0; i < 400; i++) {
            a.send(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()));
        }

        ServerFrame limited = a.awaitFrame(f -> f.hasError() && f.getError().getCode() == ErrorCode.RATE_LIMITED);
        assertThat(limited.getRequestId()).isEmpty();
    }

    @Test
    void should_tell_the_client_its_frame_rate_in_welcome() {
        ServerFrame welcome = a.awaitFrame(ServerFrame::hasWelcome);

        assertThat(welcome.getWelcome().getLimits().getFramesPerSecond()).isEqualTo(100);
        assertThat(welcome.getWelcome().getLimits().getFrameBurst()).isEqualTo(200);
    }
}
