package io.cellchat.contracts.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.cellchat.contracts.ProtoJson;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.ReceiptKind;
import io.cellchat.contracts.v1.RegisterRequest;
import io.cellchat.contracts.v1.SendMessage;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every leniency the hostile-client run of issue 8 found, refused with a message that names it. */
class StrictJsonTest {

    private static ClientFrame parse(String json) throws MalformedMessageException {
        return StrictJson.parse(json.getBytes(StandardCharsets.UTF_8), ClientFrame.newBuilder()).build();
    }

    private static ThrowableAssertAlternative<MalformedMessageException> refused(String json) {
        return assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> parse(json));
    }

    private static ThrowableAssertAlternative<MalformedMessageException> refusedBytes(String hexBefore, String hexAfter) {
        byte[] prefix = "{\"requestId\":\"t1\",\"send\":{\"conversationId\":\"d:1:2\",\"idempotencyKey\":\"k\",\"body\":{\"text\":\"a"
                .getBytes(StandardCharsets.UTF_8);
        byte[] middle = HexFormat.of().parseHex(hexBefore + hexAfter);
        byte[] suffix = "\"}}}".getBytes(StandardCharsets.UTF_8);
        byte[] frame = new byte[prefix.length + middle.length + suffix.length];
        System.arraycopy(prefix, 0, frame, 0, prefix.length);
        System.arraycopy(middle, 0, frame, prefix.length, middle.length);
        System.arraycopy(suffix, 0, frame, prefix.length + middle.length, suffix.length);
        return assertThatExceptionOfType(MalformedMessageException.class)
                .isThrownBy(() -> StrictJson.parse(frame, ClientFrame.newBuilder()));
    }

    @Test
    void should_read_a_canonical_frame_and_the_snake_case_names() throws Exception {
        ClientFrame frame = ClientFrame.newBuilder().setRequestId("r1").setSend(SendMessage.newBuilder()
                .setConversationId("d:1:2").setIdempotencyKey("k1").setReplyToSeq(7)
                .setBody(MessageBody.newBuilder().setText("hi \u00e9 \uD83D\uDE00"))).build();

        assertThat(parse(ProtoJson.print(frame))).isEqualTo(frame);
        assertThat(parse("{\"request_id\":\"r1\",\"send\":{\"conversation_id\":\"d:1:2\",\"idempotency_key\":\"k1\","
                + "\"reply_to_seq\":\"7\",\"body\":{\"text\":\"hi \u00e9 \uD83D\uDE00\"}}}")).isEqualTo(frame);
    }

    @Test
    void should_read_int64_as_a_string_or_a_number_and_enums_by_name() throws Exception {
        assertThat(parse("{\"receipt\":{\"upToSeq\":5,\"kind\":\"SEEN\"}}").getReceipt().getUpToSeq()).isEqualTo(5);
        assertThat(parse("{\"receipt\":{\"upToSeq\":\"5\",\"kind\":\"SEEN\"}}").getReceipt().getKind())
                .isEqualTo(ReceiptKind.SEEN);
        assertThat(parse("{\"receipt\":{\"kind\":\"FUTURE_KIND\"}}").getReceipt().getKind())
                .isEqualTo(ReceiptKind.RECEIPT_KIND_UNSPECIFIED);
    }

    @Test
    void should_ignore_unknown_fields_so_an_older_server_reads_a_newer_client() throws Exception {
        assertThat(parse("{\"requestId\":\"r\",\"ping\":{},\"future\":{\"nested\":[1,{\"x\":null}]}}").hasPing()).isTrue();
    }

    @Nested
    class Utf8 {
        @ParameterizedTest
        @ValueSource(strings = {"ff", "c0af", "eda080", "e282", "f8888080", "fe", "80"})
        void should_refuse_invalid_utf8_instead_of_storing_a_replacement(String bytes) {
            refusedBytes(bytes, "").withMessageStartingWith("not UTF-8: ").withMessageContaining("(expected: valid UTF-8 text)");
        }

        @Test
        void should_refuse_a_lone_surrogate_escape() {
            refused("{\"send\":{\"body\":{\"text\":\"\\ud800\"}}}")
                    .withMessage("send.body.text: an unpaired surrogate \\ud800 at index 0 (expected: Unicode text)");
            refused("{\"send\":{\"body\":{\"text\":\"x\\udc00y\"}}}").withMessageContaining("unpaired surrogate \\udc00");
        }

        @Test
        void should_accept_a_surrogate_pair_escape() throws Exception {
            assertThat(parse("{\"send\":{\"body\":{\"text\":\"\\ud83d\\ude00\"}}}").getSend().getBody().getText())
                    .isEqualTo("\uD83D\uDE00");
        }

        @Test
        void should_refuse_a_byte_order_mark() {
            refused("\uFEFF{\"ping\":{}}").withMessage("a byte order mark before the JSON (expected: '{' first)");
        }
    }

    @Nested
    class Syntax {
        @ParameterizedTest
        @ValueSource(strings = {
            "{requestId:\"t1\",\"ping\":{}}",
            "{'requestId':'t1','ping':{}}",
            "{\"requestId\":\"t1\",/* c */\"ping\":{}}",
            "{\"requestId\":\"t1\",\"ping\":{}} // c",
            "{\"requestId\":\"t1\",\"ping\":{},}",
            "{\"requestId\":\"t1\",,\"ping\":{}}",
            "{\"ping\":{}",
            "{\"receipt\":{\"upToSeq\":05}}",
            "{\"receipt\":{\"upToSeq\":NaN}}",
            "{\"send\":{\"body\":{\"text\":\"a\tb\"}}}",
        })
        void should_refuse_what_only_a_lenient_parser_reads(String json) {
            refused(json).withMessageStartingWith("not valid JSON: ");
        }

        @Test
        void should_refuse_trailing_garbage_and_a_second_object() {
            refused("{\"requestId\":\"t1\",\"ping\":{}} xyz").withMessageContaining("not valid JSON");
            refused("{\"requestId\":\"t1\",\"ping\":{}}{\"requestId\":\"t2\",\"ping\":{}}")
                    .withMessageStartingWith("more after the JSON object at offset 28 (expected: one object per frame)");
        }

        @ParameterizedTest
        @ValueSource(strings = {"[]", "\"ping\"", "5", "null", "", "   "})
        void should_refuse_anything_but_an_object(String json) {
            refused(json).withMessageContaining("(expected: an object)");
        }

        @Test
        void should_refuse_duplicate_names_also_across_the_two_spellings() {
            refused("{\"requestId\":\"a\",\"requestId\":\"b\",\"ping\":{}}").withMessageContaining("Duplicate field 'requestId'");
            refused("{\"requestId\":\"a\",\"request_id\":\"b\",\"ping\":{}}")
                    .withMessage("requestId: given twice, as 'requestId' and 'request_id' (expected: once)");
        }

        @Test
        void should_refuse_deep_nesting() {
            refused("{\"x\":" + "[".repeat(40) + "]".repeat(40) + ",\"ping\":{}}").withMessageContaining("not valid JSON");
        }
    }

    @Nested
    class Types {
        @Test
        void should_refuse_a_number_or_an_array_where_a_string_belongs() {
            refused("{\"send\":{\"body\":{\"text\":5}}}").withMessage("send.body.text: an integer (expected: a string)");
            refused("{\"send\":{\"body\":{\"text\":[\"a\"]}}}").withMessage("send.body.text: an array (expected: a string)");
            refused("{\"send\":{\"idempotencyKey\":7}}").withMessage("send.idempotencyKey: an integer (expected: a string)");
            refused("{\"createGroup\":{\"title\":[\"a\"]}}").withMessage("createGroup.title: an array (expected: a string)");
        }

        @Test
        void should_refuse_an_array_where_an_int64_belongs() {
            refused("{\"edit\":{\"seq\":[1]}}").withMessageStartingWith("edit.seq: an array (expected: an integer, or a string");
            refused("{\"edit\":{\"seq\":\"1.0\"}}").withMessageStartingWith("edit.seq: \"1.0\" (expected: an integer");
            refused("{\"edit\":{\"seq\":1.5}}").withMessageStartingWith("edit.seq: a number with a fraction or exponent");
            refused("{\"edit\":{\"seq\":\"99999999999999999999\"}}").withMessageStartingWith("edit.seq: \"9999");
            refused("{\"edit\":{\"seq\":99999999999999999999}}").withMessageStartingWith("edit.seq: 9999");
            refused("{\"edit\":{\"seq\":\" 1\"}}").withMessageStartingWith("edit.seq: \" 1\"");
        }

        @Test
        void should_refuse_null_a_boolean_as_string_and_an_enum_as_number() {
            refused("{\"requestId\":null,\"ping\":{}}")
                    .withMessage("requestId: null (expected: a string; leave the field out for its default)");
            refused("{\"typing\":{\"typing\":\"true\"}}").withMessage("typing.typing: a string (expected: true or false)");
            refused("{\"receipt\":{\"kind\":2}}").withMessage("receipt.kind: an integer (expected: a name of ReceiptKind as a string)");
            refused("{\"sync\":{\"limit\":3000000000}}").withMessageStartingWith("sync.limit: an integer (expected: an integer from");
            refused("{\"sync\":{\"limit\":\"5\"}}").withMessageStartingWith("sync.limit: a string (expected: an integer from");
            refused("{\"addMembers\":{\"userIds\":\"1\"}}").withMessage("addMembers.userIds: a string (expected: an array)");
            refused("{\"addMembers\":{\"userIds\":[1,true]}}").withMessageStartingWith("addMembers.userIds[1]: a boolean");
            refused("{\"ping\":[]}").withMessage("ping: an array (expected: an object)");
        }

        @Test
        void should_refuse_two_kinds_in_one_frame() {
            refused("{\"requestId\":\"t1\",\"ping\":{},\"sync\":{}}")
                    .withMessage("both 'ping' and 'sync' are set (expected: one kind)");
        }

        @Test
        void should_refuse_a_numeric_username_in_a_rest_body() {
            assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> StrictJson.parse(
                    "{\"username\":123,\"password\":\"correct horse\"}".getBytes(StandardCharsets.UTF_8),
                    RegisterRequest.newBuilder())).withMessage("username: an integer (expected: a string)");
        }
    }
}
