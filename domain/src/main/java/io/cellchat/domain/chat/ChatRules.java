package io.cellchat.domain.chat;

import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.social.AccessPolicy;
import io.cellchat.domain.text.Emoji;
import io.cellchat.domain.text.TextRules;

import static io.cellchat.domain.error.ChatError.GROUP_FULL;
import static io.cellchat.domain.error.ChatError.INVALID_ARGUMENT;
import static io.cellchat.domain.error.ChatError.MESSAGE_DELETED;
import static io.cellchat.domain.error.ChatError.MESSAGE_NOT_FOUND;
import static io.cellchat.domain.error.ChatError.NOT_ALLOWED;
import static io.cellchat.domain.error.ChatError.NOT_A_GROUP;
import static io.cellchat.domain.error.ChatError.NOT_A_MEMBER;
import static io.cellchat.domain.error.ChatError.NOT_YOUR_MESSAGE;
import static java.util.Objects.requireNonNull;

import io.cellchat.domain.chat.ChatCommand.AddMembers;
import io.cellchat.domain.chat.ChatCommand.CreateGroup;
import io.cellchat.domain.chat.ChatCommand.DeleteMessage;
import io.cellchat.domain.chat.ChatCommand.EditMessage;
import io.cellchat.domain.chat.ChatCommand.LeaveGroup;
import io.cellchat.domain.chat.ChatCommand.MarkReceipt;
import io.cellchat.domain.chat.ChatCommand.PostMessage;
import io.cellchat.domain.chat.ChatCommand.React;
import io.cellchat.domain.chat.ChatCommand.RemoveMember;
import io.cellchat.domain.chat.ChatCommand.RenameGroup;
import io.cellchat.domain.chat.ChatCommand.SetRole;
import io.cellchat.domain.chat.Decision.Append;
import io.cellchat.domain.chat.Decision.MoveReceipts;
import io.cellchat.domain.chat.Decision.NoChange;
import io.cellchat.domain.chat.EventBody.GroupCreated;
import io.cellchat.domain.chat.EventBody.GroupRenamed;
import io.cellchat.domain.chat.EventBody.MemberLeft;
import io.cellchat.domain.chat.EventBody.MemberRemoved;
import io.cellchat.domain.chat.EventBody.MembersAdded;
import io.cellchat.domain.chat.EventBody.MessageDeleted;
import io.cellchat.domain.chat.EventBody.MessageEdited;
import io.cellchat.domain.chat.EventBody.MessagePosted;
import io.cellchat.domain.chat.EventBody.ReactionChanged;
import io.cellchat.domain.chat.EventBody.RoleChanged;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The rules of conversations, written once for every sequencer: given what is known of a conversation, decide what a
 * command does. Pure: no I/O, no clock; the caller loads the state, applies the decision and numbers the events.
 *
 * <p>Who may do what:
 * <ul>
 *   <li>Any member posts, reacts and moves their receipts; a direct conversation is created by its first message.
 *       Whether two users may write to each other at all (blocks, contacts-only) is
 *       {@link io.cellchat.domain.social.Authorization}'s question, asked by the edge before a command gets here.</li>
 *   <li>A user who is not a member gets {@code CONVERSATION_NOT_FOUND}, as for a conversation that does not exist,
 *       so that outsiders cannot tell one from the other.</li>
 *   <li>Only the sender edits or deletes a message; a deleted message stays as a tombstone.</li>
 *   <li>In groups, owners and admins rename and add members; the owner removes anyone, admins remove plain members;
 *       only the owner changes roles, and hands over ownership before leaving.</li>
 * </ul>
 */
public final class ChatRules {

    private final ChatLimits limits;

    public ChatRules(ChatLimits limits) {
        this.limits = requireNonNull(limits, "limits");
    }

    public ChatLimits limits() {
        return limits;
    }

    /**
     * Decides a command.
     *
     * @param state the conversation, or {@code null} if it does not exist yet
     * @param target the message the command points at ({@code seq} of edit, delete, react; {@code replyToSeq} of a
     *     post), or {@code null} if there is none or it is not a message
     * @throws ChatException if the command breaks a rule
     */
    public Decision decide(@Nullable ConversationState state, @Nullable TargetMessage target, long actor,
            ChatCommand command) {
        return switch (command) {
            case PostMessage post -> post(state, target, actor, post);
            case EditMessage edit -> edit(state, target, actor, edit);
            case DeleteMessage delete -> delete(state, target, actor, delete);
            case React react -> react(state, target, actor, react);
            case MarkReceipt receipt -> receipt(state, actor, receipt);
            case CreateGroup create -> createGroup(state, actor, create);
            case RenameGroup rename -> rename(state, actor, rename);
            case AddMembers add -> addMembers(state, actor, add);
            case RemoveMember remove -> removeMember(state, actor, remove);
            case LeaveGroup leave -> leave(state, actor, leave);
            case SetRole setRole -> setRole(state, actor, setRole);
        };
    }

    /**
     * A message body as it is stored: its text normalized by {@link TextRules#messageText}, which also refuses empty,
     * too long and control-laden text. Edges may call it to fail fast; the rules call it on every post and edit.
     */
    public MessageBody validateBody(MessageBody body) {
        return switch (body) {
            case MessageBody.Text(String text) -> new MessageBody.Text(TextRules.messageText(text, limits.maxTextLength()));
        };
    }

    private static String withArticle(Role role) {
        String name = role.name().toLowerCase(java.util.Locale.ROOT);
        return (name.startsWith("a") || name.startsWith("o") ? "an " : "a ") + name;
    }

    private Decision post(@Nullable ConversationState state, @Nullable TargetMessage target, long actor,
            PostMessage post) {
        MessageBody body = validateBody(post.body());
        if (state == null) {
            if (!post.conversation().isDirect()) {
                throw notFound(post.conversation());
            }
            long[] pair = post.conversation().directMembers();
            if (pair[0] != actor && pair[1] != actor) {
                throw notFound(post.conversation());
            }
            if (post.replyToSeq() != 0) {
                throw new ChatException(INVALID_ARGUMENT, "reply_to_seq: " + post.replyToSeq()
                        + " (expected: 0, the conversation has no messages yet)");
            }
        } else {
            requireMember(state, actor);
            if (post.replyToSeq() != 0 && (target == null || target.seq() != post.replyToSeq())) {
                throw new ChatException(INVALID_ARGUMENT, "reply_to_seq: " + post.replyToSeq()
                        + " (expected: 0 or the sequence number of a message in " + state.id() + ")");
            }
        }
        return new Append(List.of(MessagePosted.posted(body, post.replyToSeq(), "")));
    }

    private Decision edit(@Nullable ConversationState state, @Nullable TargetMessage target, long actor,
            EditMessage edit) {
        requireMember(existing(state, edit.conversation()), actor);
        TargetMessage message = ownMessage(target, actor, edit.seq(), edit.conversation());
        if (message.deleted()) {
            throw new ChatException(MESSAGE_DELETED, "message " + edit.seq() + " is deleted");
        }
        MessageBody body = validateBody(edit.body());
        if (body instanceof MessageBody.Text(String text) && text.equals(message.text())) {
            return new NoChange();
        }
        return new Append(List.of(new MessageEdited(edit.seq(), body)));
    }

    private Decision delete(@Nullable ConversationState state, @Nullable TargetMessage target, long actor,
            DeleteMessage delete) {
        requireMember(existing(state, delete.conversation()), actor);
        TargetMessage message = ownMessage(target, actor, delete.seq(), delete.conversation());
        if (message.deleted()) {
            return new NoChange();
        }
        return new Append(List.of(new MessageDeleted(delete.seq())));
    }

    private Decision react(@Nullable ConversationState state, @Nullable TargetMessage target, long actor, React react) {
        requireMember(existing(state, react.conversation()), actor);
        String emoji = Emoji.reaction(react.emoji(), limits.maxEmojiLength());
        TargetMessage message = message(target, react.seq(), react.conversation());
        if (message.deleted()) {
            throw new ChatException(MESSAGE_DELETED, "message " + react.seq() + " is deleted");
        }
        if (react.add() == message.actorReactions().contains(emoji)) {
            return new NoChange();
        }
        return new Append(List.of(new ReactionChanged(react.seq(), emoji, react.add())));
    }

    private Decision receipt(@Nullable ConversationState state, long actor, MarkReceipt receipt) {
        ConversationState conversation = existing(state, receipt.conversation());
        Member member = requireMember(conversation, actor);
        long upTo = receipt.upToSeq();
        if (upTo < 0 || upTo > conversation.lastSeq()) {
            throw new ChatException(INVALID_ARGUMENT,
                    "up_to_seq: " + upTo + " (expected: 0.." + conversation.lastSeq() + ")");
        }
        long seen = receipt.kind() == ReceiptKind.SEEN ? Math.max(member.seenSeq(), upTo) : member.seenSeq();
        long delivered = Math.max(Math.max(member.deliveredSeq(), seen),
                receipt.kind() == ReceiptKind.DELIVERED ? upTo : 0);
        if (seen == member.seenSeq() && delivered == member.deliveredSeq()) {
            return new NoChange();
        }
        return new MoveReceipts(new Member(actor, member.role(), delivered, seen));
    }

    private Decision createGroup(@Nullable ConversationState state, long actor, CreateGroup create) {
        if (create.conversation().isDirect()) {
            throw new ChatException(NOT_A_GROUP, create.conversation() + " is a direct conversation (expected: a group ID)");
        }
        if (state != null) {
            throw new ChatException(INVALID_ARGUMENT, "conversation_id: " + create.conversation() + " already exists");
        }
        requireUserIds(create.memberIds());
        String title = title(create.title());
        Set<Long> others = new LinkedHashSet<>(create.memberIds());
        others.remove(actor);
        if (others.size() + 1 > limits.maxGroupMembers()) {
            throw new ChatException(GROUP_FULL, "members: " + (others.size() + 1)
                    + " (expected: <= " + limits.maxGroupMembers() + ")");
        }
        List<Member> members = new ArrayList<>();
        members.add(Member.joined(actor, Role.OWNER));
        others.forEach(id -> members.add(Member.joined(id, Role.MEMBER)));
        return new Append(List.of(new GroupCreated(title, members)));
    }

    private Decision rename(@Nullable ConversationState state, long actor, RenameGroup rename) {
        ConversationState group = group(state, rename.conversation(), actor);
        requireRole(group, actor, Role.ADMIN, "rename the group");
        String title = title(rename.title());
        return title.equals(group.title()) ? new NoChange() : new Append(List.of(new GroupRenamed(title)));
    }

    private Decision addMembers(@Nullable ConversationState state, long actor, AddMembers add) {
        ConversationState group = group(state, add.conversation(), actor);
        requireRole(group, actor, Role.ADMIN, "add members");
        if (add.userIds().isEmpty()) {
            throw new ChatException(INVALID_ARGUMENT, "user_ids: empty (expected: at least one user)");
        }
        requireUserIds(add.userIds());
        List<Member> added = new LinkedHashSet<>(add.userIds()).stream()
                .filter(id -> group.member(id).isEmpty())
                .map(id -> Member.joined(id, Role.MEMBER))
                .toList();
        if (added.isEmpty()) {
            return new NoChange();
        }
        int total = group.members().size() + added.size();
        if (total > limits.maxGroupMembers()) {
            throw new ChatException(GROUP_FULL,
                    "members: " + total + " (expected: <= " + limits.maxGroupMembers() + ")");
        }
        return new Append(List.of(new MembersAdded(added)));
    }

    private Decision removeMember(@Nullable ConversationState state, long actor, RemoveMember remove) {
        ConversationState group = group(state, remove.conversation(), actor);
        Member self = requireMember(group, actor);
        if (remove.userId() == actor) {
            throw new ChatException(INVALID_ARGUMENT, "user_id: " + actor + " is you (expected: another member; use leave)");
        }
        Member target = group.member(remove.userId()).orElseThrow(() -> new ChatException(NOT_A_MEMBER,
                "user " + remove.userId() + " is not a member of " + group.id()));
        boolean allowed = self.role() == Role.OWNER || (self.role() == Role.ADMIN && target.role() == Role.MEMBER);
        if (!allowed) {
            throw new ChatException(NOT_ALLOWED, withArticle(self.role()) + " cannot remove " + withArticle(target.role())
                    + " (expected: the owner, or an admin removing a member)");
        }
        return new Append(List.of(new MemberRemoved(remove.userId())));
    }

    private Decision leave(@Nullable ConversationState state, long actor, LeaveGroup leave) {
        ConversationState group = group(state, leave.conversation(), actor);
        Member self = requireMember(group, actor);
        if (self.role() == Role.OWNER && group.members().size() > 1) {
            throw new ChatException(NOT_ALLOWED, "the owner cannot leave while others remain"
                    + " (expected: hand over ownership with set_role first)");
        }
        return new Append(List.of(new MemberLeft(actor)));
    }

    private Decision setRole(@Nullable ConversationState state, long actor, SetRole setRole) {
        ConversationState group = group(state, setRole.conversation(), actor);
        requireRole(group, actor, Role.OWNER, "change roles");
        if (setRole.userId() == actor) {
            throw new ChatException(INVALID_ARGUMENT, "user_id: " + actor + " is you (expected: another member)");
        }
        Member target = group.member(setRole.userId()).orElseThrow(() -> new ChatException(NOT_A_MEMBER,
                "user " + setRole.userId() + " is not a member of " + group.id()));
        if (target.role() == setRole.role()) {
            return new NoChange();
        }
        if (setRole.role() == Role.OWNER) {
            return new Append(List.of(new RoleChanged(setRole.userId(), Role.OWNER), new RoleChanged(actor, Role.ADMIN)));
        }
        return new Append(List.of(new RoleChanged(setRole.userId(), setRole.role())));
    }

    private String title(String raw) {
        return TextRules.label("title", raw, limits.maxTitleLength());
    }

    private static void requireUserIds(List<Long> userIds) {
        for (long id : userIds) {
            if (id <= 0) {
                throw new ChatException(INVALID_ARGUMENT, "user id: " + id + " (expected: > 0)");
            }
        }
    }

    private static ConversationState existing(@Nullable ConversationState state, ConversationId id) {
        if (state == null) {
            throw notFound(id);
        }
        return state;
    }

    /** A group the actor is a member of; an outsider learns nothing, not even that the ID is a direct conversation. */
    private static ConversationState group(@Nullable ConversationState state, ConversationId id, long actor) {
        ConversationState existing = existing(state, id);
        requireMember(existing, actor);
        if (!existing.isGroup()) {
            throw new ChatException(NOT_A_GROUP, id + " is a direct conversation (expected: a group)");
        }
        return existing;
    }

    /** An outsider gets the answer of a conversation that does not exist (AccessPolicy rule 4). */
    private static Member requireMember(ConversationState state, long actor) {
        return state.member(actor).orElseThrow(() -> notFound(state.id()));
    }

    private static void requireRole(ConversationState state, long actor, Role least, String action) {
        Member member = requireMember(state, actor);
        if (!member.role().atLeast(least)) {
            throw new ChatException(NOT_ALLOWED, withArticle(member.role()) + " cannot " + action
                    + " (expected: " + least.name().toLowerCase(java.util.Locale.ROOT) + " or above)");
        }
    }

    private static TargetMessage message(@Nullable TargetMessage target, long seq, ConversationId conversation) {
        if (target == null || target.seq() != seq) {
            throw new ChatException(MESSAGE_NOT_FOUND, "no message with seq " + seq + " in " + conversation);
        }
        return target;
    }

    private static TargetMessage ownMessage(@Nullable TargetMessage target, long actor, long seq,
            ConversationId conversation) {
        TargetMessage message = message(target, seq, conversation);
        if (message.sender() != actor) {
            throw new ChatException(NOT_YOUR_MESSAGE, "message " + seq + " was sent by someone else");
        }
        return message;
    }

    private static ChatException notFound(ConversationId id) {
        return AccessPolicy.noSuchConversation(id);
    }
}
