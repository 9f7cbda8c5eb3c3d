package io.cellchat.services.messaging.protocol;

import static io.cellchat.domain.error.ChatError.INVALID_ARGUMENT;

import com.google.protobuf.Message;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.domain.account.Principal;
import io.cellchat.domain.chat.ChatCommand;
import io.cellchat.domain.chat.ChatLimits;
import io.cellchat.domain.chat.CommandEnvelope;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.MessageBody;
import io.cellchat.domain.chat.ReceiptKind;
import io.cellchat.domain.chat.Role;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.id.IdGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Turns the command frames of the protocol into domain commands, checking what the frame alone can tell: required
 * fields, ID formats, key lengths. Conversation rules are {@link io.cellchat.domain.chat.ChatRules}' job.
 */
public final class Commands {

    private static final HexFormat HEX = HexFormat.of();
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    });

    private final ChatLimits limits;
    private final IdGenerator ids;

    public Commands(ChatLimits limits, IdGenerator ids) {
        this.limits = limits;
        this.ids = ids;
    }

    /** Whether the frame is a command for the chat log (as opposed to a query or an ephemeral signal). */
    public static boolean isCommand(ClientFrame.KindCase kind) {
        return switch (kind) {
            case SEND, EDIT, DELETE, REACT, RECEIPT, CREATE_GROUP, RENAME_GROUP, ADD_MEMBERS, REMOVE_MEMBER,
                    LEAVE_GROUP, SET_ROLE -> true;
            default -> false;
        };
    }

    public CommandEnvelope envelope(Principal principal, ClientFrame frame) {
        return switch (frame.getKindCase()) {
            case SEND -> {
                var send = frame.getSend();
                if (send.getIdempotencyKey().isEmpty()) {
                    throw new ChatException(INVALID_ARGUMENT, "send.idempotency_key: missing (expected: 1.."
                            + limits.maxIdempotencyKeyLength() + " characters, the same on every retry)");
                }
                yield envelope(principal, send.getIdempotencyKey(), send.toBuilder().clearIdempotencyKey().build(),
                        new ChatCommand.PostMessage(conversation(send.getConversationId()), body(send.getBody()),
                                nonNegative("reply_to_seq", send.getReplyToSeq())));
            }
            case EDIT -> {
                var edit = frame.getEdit();
                yield envelope(principal, edit.getIdempotencyKey(), edit.toBuilder().clearIdempotencyKey().build(),
                        new ChatCommand.EditMessage(conversation(edit.getConversationId()), seq(edit.getSeq()),
                                body(edit.getBody())));
            }
            case DELETE -> {
                var delete = frame.getDelete();
                yield envelope(principal, delete.getIdempotencyKey(), delete.toBuilder().clearIdempotencyKey().build(),
                        new ChatCommand.DeleteMessage(conversation(delete.getConversationId()), seq(delete.getSeq())));
            }
            case REACT -> {
                var react = frame.getReact();
                yield envelope(principal, "", react, new ChatCommand.React(conversation(react.getConversationId()),
                        seq(react.getSeq()), react.getEmoji(), react.getAdd()));
            }
            case RECEIPT -> {
                var receipt = frame.getReceipt();
                ReceiptKind kind = switch (receipt.getKind()) {
                    case DELIVERED -> ReceiptKind.DELIVERED;
                    case SEEN -> ReceiptKind.SEEN;
                    default -> throw new ChatException(INVALID_ARGUMENT,
                            "receipt.kind: " + receipt.getKind() + " (expected: DELIVERED or SEEN)");
                };
                yield envelope(principal, "", receipt, new ChatCommand.MarkReceipt(
                        conversation(receipt.getConversationId()), kind, nonNegative("up_to_seq", receipt.getUpToSeq())));
            }
            case CREATE_GROUP -> {
                var create = frame.getCreateGroup();
                yield envelope(principal, create.getIdempotencyKey(), create.toBuilder().clearIdempotencyKey().build(),
                        new ChatCommand.CreateGroup(ConversationId.group(ids.next()), create.getTitle(),
                                create.getMemberIdsList()));
            }
            case RENAME_GROUP -> {
                var rename = frame.getRenameGroup();
                yield envelope(principal, rename.getIdempotencyKey(), rename.toBuilder().clearIdempotencyKey().build(),
                        new ChatCommand.RenameGroup(conversation(rename.getConversationId()), rename.getTitle()));
            }
            case ADD_MEMBERS -> {
                var add = frame.getAddMembers();
                yield envelope(principal, add.getIdempotencyKey(), add.toBuilder().clearIdempotencyKey().build(),
                        new ChatCommand.AddMembers(conversation(add.getConversationId()), add.getUserIdsList()));
            }
            case REMOVE_MEMBER -> {
                var remove = frame.getRemoveMember();
                yield envelope(principal, remove.getIdempotencyKey(), remove.toBuilder().clearIdempotencyKey().build(),
                        new ChatCommand.RemoveMember(conversation(remove.getConversationId()), remove.getUserId()));
            }
            case LEAVE_GROUP -> {
                var leave = frame.getLeaveGroup();
                yield envelope(principal, leave.getIdempotencyKey(), leave.toBuilder().clearIdempotencyKey().build(),
                        new ChatCommand.LeaveGroup(conversation(leave.getConversationId())));
            }
            case SET_ROLE -> {
                var set = frame.getSetRole();
                Role role = switch (set.getRole()) {
                    case MEMBER -> Role.MEMBER;
                    case ADMIN -> Role.ADMIN;
                    case OWNER -> Role.OWNER;
                    default -> throw new ChatException(INVALID_ARGUMENT,
                            "set_role.role: " + set.getRole() + " (expected: MEMBER, ADMIN or OWNER)");
                };
                yield envelope(principal, set.getIdempotencyKey(), set.toBuilder().clearIdempotencyKey().build(),
                        new ChatCommand.SetRole(conversation(set.getConversationId()), set.getUserId(), role));
            }
            default -> throw new IllegalArgumentException("not a command: " + frame.getKindCase());
        };
    }

    /** The users a command names who must exist: direct peers, new group members. */
    public static List<Long> namedUsers(Principal principal, ChatCommand command) {
        return switch (command) {
            case ChatCommand.PostMessage post when post.conversation().isDirect() -> {
                long[] pair = post.conversation().directMembers();
                yield List.of(pair[0] == principal.userId() ? pair[1] : pair[0]);
            }
            case ChatCommand.CreateGroup create -> create.memberIds();
            case ChatCommand.AddMembers add -> add.userIds();
            default -> List.of();
        };
    }

    private CommandEnvelope envelope(Principal principal, String key, Message content, ChatCommand command) {
        if (key.length() > limits.maxIdempotencyKeyLength()) {
            throw new ChatException(INVALID_ARGUMENT, "idempotency_key length: " + key.length()
                    + " (expected: <= " + limits.maxIdempotencyKeyLength() + ")");
        }
        return new CommandEnvelope(principal.userId(), principal.deviceId(), key, fingerprint(key, content), command);
    }

    private static ConversationId conversation(String value) {
        return ConversationId.parse(value);
    }

    private static MessageBody body(io.cellchat.contracts.v1.MessageBody body) {
        return switch (body.getContentCase()) {
            case TEXT -> new MessageBody.Text(body.getText());
            case CONTENT_NOT_SET -> throw new ChatException(INVALID_ARGUMENT, "body: missing (expected: text)");
        };
    }

    private static long seq(long seq) {
        if (seq < 1) {
            throw new ChatException(INVALID_ARGUMENT, "seq: " + seq + " (expected: >= 1)");
        }
        return seq;
    }

    private static long nonNegative(String field, long value) {
        if (value < 0) {
            throw new ChatException(INVALID_ARGUMENT, field + ": " + value + " (expected: >= 0)");
        }
        return value;
    }

    /**
     * SHA-256 of the command's type and content without its key: what a retry must repeat exactly. Computed only for
     * a command with a key (nothing compares it otherwise), with a digest kept per thread (event loops), since
     * looking one up per command cost as much as hashing.
     */
    private static String fingerprint(String key, Message content) {
        if (key.isEmpty()) {
            return "";
        }
        MessageDigest digest = SHA_256.get();
        digest.reset();
        digest.update(content.getDescriptorForType().getFullName().getBytes(StandardCharsets.UTF_8));
        return HEX.formatHex(digest.digest(content.toByteArray()));
    }
}
