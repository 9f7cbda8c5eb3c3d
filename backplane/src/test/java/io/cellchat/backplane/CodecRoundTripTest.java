package io.cellchat.backplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellchat.contracts.backplane.v1.CommandRecord;
import io.cellchat.contracts.backplane.v1.DeliveryRecord;
import io.cellchat.contracts.v1.Event;
import io.cellchat.domain.chat.ChatCommand;
import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ChatLog.Appended;
import io.cellchat.domain.chat.CommandEnvelope;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.EventBody;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.MessageBody;
import io.cellchat.domain.chat.Reaction;
import io.cellchat.domain.chat.ReceiptKind;
import io.cellchat.domain.chat.Role;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.prefs.ConversationPrefs;
import io.cellchat.domain.presence.Presence;
import io.cellchat.domain.presence.PresenceStatus;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CodecRoundTripTest {

    private static final ConversationId DIRECT = ConversationId.direct(11, 12);
    private static final ConversationId GROUP = ConversationId.group(900);
    private static final Instant AT = Instant.parse("2026-03-01T12:00:00.123Z");

    @Test
    void should_decode_every_kind_of_event_to_what_was_encoded() {
        List<EventBody> bodies = List.of(
                EventBody.MessagePosted.posted(new MessageBody.Text("hi \uD83D\uDC4B"), 3, "key-1"),
                new EventBody.MessagePosted(new MessageBody.Text("edited"), 0, "", AT.plusSeconds(5), false,
                        List.of(new Reaction("\uD83D\uDC4D", List.of(11L, 12L)))),
                new EventBody.MessagePosted(new MessageBody.Text(""), 0, "k", null, true, List.of()),
                new EventBody.MessageEdited(1, new MessageBody.Text("new")),
                new EventBody.MessageDeleted(1),
                new EventBody.ReactionChanged(1, "\u2764\uFE0F", false),
                new EventBody.GroupCreated("Team", List.of(Member.joined(11, Role.OWNER), Member.joined(12, Role.MEMBER))),
                new EventBody.GroupRenamed("Dream team"),
                new EventBody.MembersAdded(List.of(Member.joined(13, Role.MEMBER))),
                new EventBody.MemberRemoved(13),
                new EventBody.MemberLeft(12),
                new EventBody.RoleChanged(12, Role.ADMIN));
        long seq = 0;
        for (EventBody body : bodies) {
            ChatEvent event = new ChatEvent(GROUP, ++seq, 1000 + seq, 11, AT, body);

            assertThat(EventCodec.event(EventCodec.event(event))).isEqualTo(event);
        }
    }

    @Test
    void should_decode_every_kind_of_command_with_its_request_and_deadline() {
        List<ChatCommand> commands = List.of(
                new ChatCommand.PostMessage(DIRECT, new MessageBody.Text("hello"), 2),
                new ChatCommand.EditMessage(DIRECT, 1, new MessageBody.Text("hello!")),
                new ChatCommand.DeleteMessage(DIRECT, 1),
                new ChatCommand.React(DIRECT, 1, "\uD83D\uDC4D", true),
                new ChatCommand.MarkReceipt(DIRECT, ReceiptKind.SEEN, 4),
                new ChatCommand.MarkReceipt(DIRECT, ReceiptKind.DELIVERED, 5),
                new ChatCommand.CreateGroup(GROUP, "Team", List.of(12L, 13L)),
                new ChatCommand.RenameGroup(GROUP, "Other"),
                new ChatCommand.AddMembers(GROUP, List.of(14L)),
                new ChatCommand.RemoveMember(GROUP, 14),
                new ChatCommand.LeaveGroup(GROUP),
                new ChatCommand.SetRole(GROUP, 12, Role.OWNER));
        for (ChatCommand command : commands) {
            CommandCodec.SentCommand sent = new CommandCodec.SentCommand("req-1", AT,
                    new CommandEnvelope(11, 77, "key", "fp", command));

            assertThat(CommandCodec.decode(CommandCodec.encode(sent))).isEqualTo(sent);
        }
    }

    @Test
    void should_decode_every_kind_of_push_for_its_one_recipient() {
        ChatEvent event = new ChatEvent(DIRECT, 7, 77, 11, AT,
                EventBody.MessagePosted.posted(new MessageBody.Text("x"), 0, "k"));
        List<Push> pushes = List.of(new Push.NewEvent(event),
                new Push.ReceiptMoved(DIRECT, new Member(12, Role.MEMBER, 7, 5)),
                new Push.Typing(DIRECT, 11, true),
                new Push.PresenceChanged(new Presence(11, PresenceStatus.AWAY, AT)),
                new Push.PresenceChanged(new Presence(11, PresenceStatus.ONLINE, null)),
                new Push.PrefsChanged(new ConversationPrefs(GROUP, AT.toEpochMilli(), true,
                        ConversationPrefs.MUTED_FOREVER)),
                new Push.PrefsChanged(ConversationPrefs.none(DIRECT)),
                new Push.SessionEnded(55));
        for (Push push : pushes) {
            DeliveryRecord record = DeliveryCodec.push(12, push);

            assertThat(DeliveryCodec.decode(record))
                    .isEqualTo(new DeliveryCodec.Received.Pushed(new Delivery(Set.of(12L), push)));
        }
    }

    @Test
    void should_carry_an_acceptance_or_a_refusal_back_to_the_sender() {
        var accepted = DeliveryCodec.decode(DeliveryCodec.outcome(
                OutcomeCodec.accepted("r1", 11, new Appended(DIRECT, 3, 99))));
        var refused = DeliveryCodec.decode(DeliveryCodec.outcome(OutcomeCodec.refused("r2", 11,
                new ChatException(ChatError.NOT_A_MEMBER, "not a member of " + DIRECT))));

        assertThat(accepted).isEqualTo(new DeliveryCodec.Received.Answered(
                new OutcomeCodec.Result("r1", 11, new Appended(DIRECT, 3, 99), null)));
        assertThat(refused).isInstanceOfSatisfying(DeliveryCodec.Received.Answered.class, answered -> {
            assertThat(answered.result().requestId()).isEqualTo("r2");
            assertThat(answered.result().refusal().error()).isEqualTo(ChatError.NOT_A_MEMBER);
            assertThat(answered.result().refusal().getMessage()).isEqualTo("not a member of " + DIRECT);
        });
    }

    @Test
    void should_refuse_records_that_are_not_valid_values() {
        assertThatThrownBy(() -> CommandCodec.decode(CommandRecord.newBuilder().setRequestId("r")
                .setConversationId(DIRECT.value()).build()))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("command of request r: none");
        assertThatThrownBy(() -> CommandCodec.decode(CommandRecord.newBuilder().setConversationId("x:1")
                .setLeaveGroup(io.cellchat.contracts.backplane.v1.LeaveGroup.getDefaultInstance()).build()))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("conversation_id");
        assertThatThrownBy(() -> EventCodec.event(Event.newBuilder().setConversationId(DIRECT.value()).setSeq(1).build()))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("no body");
        assertThatThrownBy(() -> DeliveryCodec.decode(DeliveryRecord.newBuilder().setRecipient(5).build()))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("delivery to 5: empty");
        assertThatThrownBy(() -> DeliveryCodec.decode(DeliveryRecord.newBuilder().setRecipient(5)
                .setPrefs(io.cellchat.contracts.v1.ConversationPrefs.newBuilder().setConversationId(DIRECT.value())
                        .setMutedUntilMs(-1)).build()))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("prefs: ");
    }

    @Test
    void should_key_deliveries_by_the_user_partition_key_and_commands_by_conversation() {
        assertThat(Keys.user(42)).containsExactly(0, 0, 0, 0, 0, 0, 0, 42);
        assertThat(new String(Keys.conversation(DIRECT), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("d:11:12");
    }
}
