package io.cellchat.contracts.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.google.protobuf.CodedOutputStream;
import io.cellchat.contracts.v1.AddMembers;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.Ping;
import io.cellchat.contracts.v1.SendMessage;
import io.cellchat.contracts.v1.Sync;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;

class StrictProtoTest {

    private static ClientFrame parse(byte[] bytes) throws MalformedMessageException {
        return StrictProto.parse(bytes, ClientFrame.parser(), ClientFrame.getDescriptor());
    }

    private static ThrowableAssertAlternative<MalformedMessageException> refused(byte[] bytes) {
        return assertThatExceptionOfType(MalformedMessageException.class).isThrownBy(() -> parse(bytes));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void should_read_the_documented_example_and_any_well_formed_frame() throws Exception {
        assertThat(parse(HexFormat.of().parseHex("0a027031da0100")))
                .isEqualTo(ClientFrame.newBuilder().setRequestId("p1").setPing(Ping.getDefaultInstance()).build());
        ClientFrame add = ClientFrame.newBuilder().setAddMembers(AddMembers.newBuilder()
                .setConversationId("g:1").addUserIds(5).addUserIds(6)).build();
        assertThat(parse(add.toByteArray())).isEqualTo(add);
    }

    @Test
    void should_refuse_two_kinds_where_protobuf_would_keep_the_last() {
        byte[] ping = ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()).build().toByteArray();
        byte[] sync = ClientFrame.newBuilder().setSync(Sync.newBuilder().setConversationId("d:1:2")).build().toByteArray();

        refused(concat(ping, sync)).withMessage("both ping and sync are set (expected: one kind)");
    }

    @Test
    void should_refuse_a_singular_field_given_twice() {
        byte[] id = ClientFrame.newBuilder().setRequestId("a").build().toByteArray();

        refused(concat(id, id)).withMessage("request_id: given twice (expected: once)");
    }

    @Test
    void should_refuse_a_field_with_the_wrong_wire_type_instead_of_reading_it_as_absent() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeInt64(1, 42); // request_id is a string: wire type 2, not 0
        out.flush();

        refused(bytes.toByteArray()).withMessage("request_id: wire type 0 (expected: 2 for string)");
    }

    @Test
    void should_refuse_a_wrong_wire_type_inside_a_nested_message() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        CodedOutputStream text = CodedOutputStream.newInstance(body);
        text.writeUInt32NoTag((1 << 3) | 5); // text = field 1 with wire type 5 (fixed32)
        text.writeFixed32NoTag(7);
        text.flush();
        ClientFrame shell = ClientFrame.newBuilder().setSend(SendMessage.newBuilder().setConversationId("d:1:2")).build();
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(frame);
        out.writeTag(10, 2);
        byte[] send = concat(shell.getSend().toByteArray(), new byte[] {(3 << 3) | 2, (byte) body.size()}, body.toByteArray());
        out.writeByteArrayNoTag(send);
        out.flush();

        refused(frame.toByteArray()).withMessage("send.body.text: wire type 5 (expected: 2 for string)");
    }

    @Test
    void should_accept_packed_and_unpacked_repeated_numbers() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        ByteArrayOutputStream inner = new ByteArrayOutputStream();
        CodedOutputStream add = CodedOutputStream.newInstance(inner);
        add.writeInt64(2, 5); // unpacked user_ids
        add.writeInt64(2, 6);
        add.flush();
        out.writeByteArray(23, inner.toByteArray());
        out.flush();

        assertThat(parse(bytes.toByteArray()).getAddMembers().getUserIdsList()).containsExactly(5L, 6L);
    }

    @Test
    void should_refuse_invalid_utf8_in_a_string() {
        byte[] frame = ClientFrame.newBuilder().setSend(SendMessage.newBuilder()
                .setBody(MessageBody.newBuilder().setText("ab"))).build().toByteArray();
        frame[frame.length - 1] = (byte) 0xFF;

        refused(frame).withMessageContaining("invalid UTF-8");
    }

    @Test
    void should_refuse_truncated_input_and_skip_unknown_fields() throws Exception {
        byte[] frame = ClientFrame.newBuilder().setRequestId("abcdef").build().toByteArray();
        refused(java.util.Arrays.copyOf(frame, frame.length - 2)).withMessageStartingWith("not a ClientFrame in protobuf");

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeString(999, "from a newer client");
        out.writeMessage(27, Ping.getDefaultInstance());
        out.flush();
        assertThat(parse(bytes.toByteArray()).hasPing()).isTrue();
    }
}
