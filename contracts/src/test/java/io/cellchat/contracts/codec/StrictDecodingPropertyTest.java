package io.cellchat.contracts.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.ProtoJson;
import io.cellchat.contracts.v1.AddMembers;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.EditMessage;
import io.cellchat.contracts.v1.MarkReceipt;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.Ping;
import io.cellchat.contracts.v1.React;
import io.cellchat.contracts.v1.ReceiptKind;
import io.cellchat.contracts.v1.SendMessage;
import io.cellchat.contracts.v1.Sync;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Properties of the strict decoders over generated frames: what the server prints it reads back unchanged, and no
 * input, however mangled, makes a decoder fail any other way than {@link MalformedMessageException} or read
 * something it cannot print back.
 */
class StrictDecodingPropertyTest {

    @Property(tries = 1000)
    void should_read_back_every_frame_it_prints(@ForAll("frames") ClientFrame frame) throws Exception {
        assertThat(StrictJson.parse(ProtoJson.print(frame).getBytes(StandardCharsets.UTF_8), ClientFrame.newBuilder())
                .build()).isEqualTo(frame);
        assertThat(StrictProto.parse(frame.toByteArray(), ClientFrame.parser(), ClientFrame.getDescriptor()))
                .isEqualTo(frame);
    }

    @Property(tries = 3000)
    void should_refuse_or_read_consistently_whatever_is_done_to_json(@ForAll("frames") ClientFrame frame,
            @ForAll("mutations") List<Tuple.Tuple3<Integer, Integer, Byte>> mutations) throws Exception {
        byte[] bytes = Mutations.apply(ProtoJson.print(frame).getBytes(StandardCharsets.UTF_8), mutations);
        ClientFrame read;
        try {
            read = StrictJson.parse(bytes, ClientFrame.newBuilder()).build();
        } catch (MalformedMessageException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertThat(text.getBytes(StandardCharsets.UTF_8)).as("what was read is valid UTF-8").isEqualTo(bytes);
        assertThat(StrictJson.parse(ProtoJson.print(read).getBytes(StandardCharsets.UTF_8), ClientFrame.newBuilder())
                .build()).isEqualTo(read);
    }

    @Property(tries = 3000)
    void should_refuse_or_read_consistently_whatever_is_done_to_protobuf(@ForAll("frames") ClientFrame frame,
            @ForAll("mutations") List<Tuple.Tuple3<Integer, Integer, Byte>> mutations) throws Exception {
        byte[] bytes = Mutations.apply(frame.toByteArray(), mutations);
        ClientFrame read;
        try {
            read = StrictProto.parse(bytes, ClientFrame.parser(), ClientFrame.getDescriptor());
        } catch (MalformedMessageException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        assertThat(StrictProto.parse(read.toByteArray(), ClientFrame.parser(), ClientFrame.getDescriptor()))
                .isEqualTo(read);
    }

    @Property(tries = 2000)
    void should_never_read_json_with_anything_after_the_object(@ForAll("frames") ClientFrame frame,
            @ForAll("garbage") String after) {
        byte[] bytes = (ProtoJson.print(frame) + after).getBytes(StandardCharsets.UTF_8);
        org.assertj.core.api.Assertions.assertThatExceptionOfType(MalformedMessageException.class)
                .isThrownBy(() -> StrictJson.parse(bytes, ClientFrame.newBuilder()));
    }

    @Provide
    Arbitrary<ClientFrame> frames() {
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(40)
                .filter(s -> s.codePoints().noneMatch(cp -> Character.getType(cp) == Character.SURROGATE));
        Arbitrary<Long> ids = Arbitraries.longs();
        Arbitrary<ClientFrame.Builder> kind = Arbitraries.oneOf(
                Combinators.combine(text, text, text, ids).as((c, k, t, r) -> ClientFrame.newBuilder()
                        .setSend(SendMessage.newBuilder().setConversationId(c).setIdempotencyKey(k).setReplyToSeq(r)
                                .setBody(MessageBody.newBuilder().setText(t)))),
                Combinators.combine(text, ids, text).as((c, s, t) -> ClientFrame.newBuilder()
                        .setEdit(EditMessage.newBuilder().setConversationId(c).setSeq(s)
                                .setBody(MessageBody.newBuilder().setText(t)))),
                Combinators.combine(text, ids, text, Arbitraries.of(true, false)).as((c, s, e, a) -> ClientFrame
                        .newBuilder().setReact(React.newBuilder().setConversationId(c).setSeq(s).setEmoji(e).setAdd(a))),
                Combinators.combine(text, ids, Arbitraries.of(ReceiptKind.DELIVERED, ReceiptKind.SEEN))
                        .as((c, s, k) -> ClientFrame.newBuilder().setReceipt(MarkReceipt.newBuilder()
                                .setConversationId(c).setUpToSeq(s).setKind(k))),
                Combinators.combine(text, ids, Arbitraries.integers()).as((c, a, l) -> ClientFrame.newBuilder()
                        .setSync(Sync.newBuilder().setConversationId(c).setAfterSeq(a).setLimit(l))),
                Combinators.combine(text, ids.list().ofMaxSize(5)).as((c, u) -> ClientFrame.newBuilder()
                        .setAddMembers(AddMembers.newBuilder().setConversationId(c).addAllUserIds(u))),
                Arbitraries.just(0).map(ignored -> ClientFrame.newBuilder().setPing(Ping.getDefaultInstance())));
        return Combinators.combine(text, kind).as((id, builder) -> builder.setRequestId(id).build());
    }

    @Provide
    Arbitrary<List<Tuple.Tuple3<Integer, Integer, Byte>>> mutations() {
        return Mutations.arbitrary();
    }

    @Provide
    Arbitrary<String> garbage() {
        return Arbitraries.strings().all().ofMinLength(1).ofMaxLength(8).filter(s -> !s.isBlank()
                && s.codePoints().noneMatch(cp -> Character.getType(cp) == Character.SURROGATE));
    }
}
