package io.cellchat.backplane;

import static java.util.Objects.requireNonNull;

import io.cellchat.contracts.backplane.v1.AddMembers;
import io.cellchat.contracts.backplane.v1.CommandRecord;
import io.cellchat.contracts.backplane.v1.CreateGroup;
import io.cellchat.contracts.backplane.v1.DeleteMessage;
import io.cellchat.contracts.backplane.v1.EditMessage;
import io.cellchat.contracts.backplane.v1.LeaveGroup;
import io.cellchat.contracts.backplane.v1.MarkReceipt;
import io.cellchat.contracts.backplane.v1.PostMessage;
import io.cellchat.contracts.backplane.v1.React;
import io.cellchat.contracts.backplane.v1.RemoveMember;
import io.cellchat.contracts.backplane.v1.RenameGroup;
import io.cellchat.contracts.backplane.v1.SetRole;
import io.cellchat.contracts.v1.ReceiptKind;
import io.cellchat.domain.chat.ChatCommand;
import io.cellchat.domain.chat.CommandEnvelope;
import io.cellchat.domain.chat.ConversationId;
import java.time.Instant;

/** {@link CommandEnvelope}s on {@code chat.commands}, with the request ID and deadline of the edge that sent them. */
public final class CommandCodec {

    private CommandCodec() {}

    /**
     * A command as the sequencer reads it.
     *
     * @param requestId the edge's ID for the pending request, carried back in the outcome
     * @param deadline when the edge stops waiting: a command read later is refused
     */
    public record SentCommand(String requestId, Instant deadline, CommandEnvelope envelope) {
        public SentCommand {
            requireNonNull(requestId, "requestId");
            requireNonNull(deadline, "deadline");
            requireNonNull(envelope, "envelope");
        }
    }

    public static CommandRecord encode(SentCommand sent) {
        CommandEnvelope envelope = sent.envelope();
        CommandRecord.Builder record = CommandRecord.newBuilder()
                .setRequestId(sent.requestId())
                .setActor(envelope.actor())
                .setDeviceId(envelope.deviceId())
                .setIdempotencyKey(envelope.idempotencyKey())
                .setFingerprint(envelope.fingerprint())
                .setDeadlineMs(sent.deadline().toEpochMilli())
                .setConversationId(envelope.command().conversation().value());
        switch (envelope.command()) {
            case ChatCommand.PostMessage post -> record.setPost(PostMessage.newBuilder()
                    .setBody(EventCodec.body(post.body())).setReplyToSeq(post.replyToSeq()));
            case ChatCommand.EditMessage edit -> record.setEdit(EditMessage.newBuilder()
                    .setSeq(edit.seq()).setBody(EventCodec.body(edit.body())));
            case ChatCommand.DeleteMessage delete -> record.setDelete(DeleteMessage.newBuilder().setSeq(delete.seq()));
            case ChatCommand.React react -> record.setReact(React.newBuilder()
                    .setSeq(react.seq()).setEmoji(react.emoji()).setAdd(react.add()));
            case ChatCommand.MarkReceipt receipt -> record.setReceipt(MarkReceipt.newBuilder()
                    .setKind(switch (receipt.kind()) {
                        case DELIVERED -> ReceiptKind.DELIVERED;
                        case SEEN -> ReceiptKind.SEEN;
                    })
                    .setUpToSeq(receipt.upToSeq()));
            case ChatCommand.CreateGroup create -> record.setCreateGroup(CreateGroup.newBuilder()
                    .setTitle(create.title()).addAllMemberIds(create.memberIds()));
            case ChatCommand.RenameGroup rename -> record.setRenameGroup(RenameGroup.newBuilder()
                    .setTitle(rename.title()));
            case ChatCommand.AddMembers add -> record.setAddMembers(AddMembers.newBuilder()
                    .addAllUserIds(add.userIds()));
            case ChatCommand.RemoveMember remove -> record.setRemoveMember(RemoveMember.newBuilder()
                    .setUserId(remove.userId()));
            case ChatCommand.LeaveGroup leave -> record.setLeaveGroup(LeaveGroup.getDefaultInstance());
            case ChatCommand.SetRole setRole -> record.setSetRole(SetRole.newBuilder()
                    .setUserId(setRole.userId()).setRole(EventCodec.role(setRole.role())));
        }
        return record.build();
    }

    /** @throws BadRecordException if the record is not a valid command (unknown kind, bad conversation ID, ...) */
    public static SentCommand decode(CommandRecord record) {
        ConversationId id = EventCodec.conversation(record.getConversationId());
        ChatCommand command = switch (record.getCommandCase()) {
            case POST -> new ChatCommand.PostMessage(id, EventCodec.body(record.getPost().getBody()),
                    record.getPost().getReplyToSeq());
            case EDIT -> new ChatCommand.EditMessage(id, record.getEdit().getSeq(),
                    EventCodec.body(record.getEdit().getBody()));
            case DELETE -> new ChatCommand.DeleteMessage(id, record.getDelete().getSeq());
            case REACT -> new ChatCommand.React(id, record.getReact().getSeq(), record.getReact().getEmoji(),
                    record.getReact().getAdd());
            case RECEIPT -> new ChatCommand.MarkReceipt(id, switch (record.getReceipt().getKind()) {
                case DELIVERED -> io.cellchat.domain.chat.ReceiptKind.DELIVERED;
                case SEEN -> io.cellchat.domain.chat.ReceiptKind.SEEN;
                case RECEIPT_KIND_UNSPECIFIED, UNRECOGNIZED -> throw new BadRecordException(
                        "receipt kind: " + record.getReceipt().getKind() + " (expected: DELIVERED or SEEN)");
            }, record.getReceipt().getUpToSeq());
            case CREATE_GROUP -> new ChatCommand.CreateGroup(id, record.getCreateGroup().getTitle(),
                    record.getCreateGroup().getMemberIdsList());
            case RENAME_GROUP -> new ChatCommand.RenameGroup(id, record.getRenameGroup().getTitle());
            case ADD_MEMBERS -> new ChatCommand.AddMembers(id, record.getAddMembers().getUserIdsList());
            case REMOVE_MEMBER -> new ChatCommand.RemoveMember(id, record.getRemoveMember().getUserId());
            case LEAVE_GROUP -> new ChatCommand.LeaveGroup(id);
            case SET_ROLE -> new ChatCommand.SetRole(id, record.getSetRole().getUserId(),
                    EventCodec.role(record.getSetRole().getRole()));
            case COMMAND_NOT_SET -> throw new BadRecordException(
                    "command of request " + record.getRequestId() + ": none (expected: one of the command kinds)");
        };
        CommandEnvelope envelope = new CommandEnvelope(record.getActor(), record.getDeviceId(),
                record.getIdempotencyKey(), record.getFingerprint(), command);
        return new SentCommand(record.getRequestId(), Instant.ofEpochMilli(record.getDeadlineMs()), envelope);
    }
}
