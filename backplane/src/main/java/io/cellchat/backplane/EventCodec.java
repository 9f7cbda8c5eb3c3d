package io.cellchat.backplane;

import io.cellchat.contracts.v1.ContactUpdate;
import io.cellchat.contracts.v1.ConversationKind;
import io.cellchat.contracts.v1.Event;
import io.cellchat.contracts.v1.GroupCreated;
import io.cellchat.contracts.v1.GroupRenamed;
import io.cellchat.contracts.v1.Member;
import io.cellchat.contracts.v1.MemberLeft;
import io.cellchat.contracts.v1.MemberRemoved;
import io.cellchat.contracts.v1.MembersAdded;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.MessageDeleted;
import io.cellchat.contracts.v1.MessageEdited;
import io.cellchat.contracts.v1.MessagePosted;
import io.cellchat.contracts.v1.PresenceStatus;
import io.cellchat.contracts.v1.PresenceUpdate;
import io.cellchat.contracts.v1.Reaction;
import io.cellchat.contracts.v1.ReactionChanged;
import io.cellchat.contracts.v1.Role;
import io.cellchat.contracts.v1.RoleChanged;
import io.cellchat.contracts.v1.UserProfile;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.EventBody;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.prefs.ConversationPrefs;
import io.cellchat.domain.presence.Presence;
import io.cellchat.domain.social.ContactState;
import java.time.Instant;
import java.util.List;

/**
 * Events, members and presence between the domain and the client protocol's messages, which the backplane reuses:
 * the sequencer encodes an event once and the edge hands the same shape to devices. Encoding is what clients see
 * (a deleted message travels without a body); decoding reverses it exactly, at millisecond precision.
 */
public final class EventCodec {

    private EventCodec() {}

    public static Event event(ChatEvent event) {
        Event.Builder builder = Event.newBuilder()
                .setConversationId(event.conversation().value())
                .setSeq(event.seq())
                .setEventId(event.eventId())
                .setActor(event.actor())
                .setAtMs(event.at().toEpochMilli());
        switch (event.body()) {
            case EventBody.MessagePosted posted -> {
                MessagePosted.Builder message = MessagePosted.newBuilder()
                        .setBody(body(posted.body()))
                        .setReplyToSeq(posted.replyToSeq())
                        .setIdempotencyKey(posted.idempotencyKey())
                        .setDeleted(posted.deleted());
                if (posted.editedAt() != null) {
                    message.setEditedAtMs(posted.editedAt().toEpochMilli());
                }
                posted.reactions().forEach(r -> message.addReactions(
                        Reaction.newBuilder().setEmoji(r.emoji()).addAllUserIds(r.userIds())));
                if (posted.deleted()) {
                    message.clearBody();
                }
                builder.setMessage(message);
            }
            case EventBody.MessageEdited edited -> builder.setEdited(MessageEdited.newBuilder()
                    .setTargetSeq(edited.targetSeq()).setBody(body(edited.body())));
            case EventBody.MessageDeleted deleted ->
                    builder.setDeleted(MessageDeleted.newBuilder().setTargetSeq(deleted.targetSeq()));
            case EventBody.ReactionChanged reaction -> builder.setReaction(ReactionChanged.newBuilder()
                    .setTargetSeq(reaction.targetSeq()).setEmoji(reaction.emoji()).setAdded(reaction.added()));
            case EventBody.GroupCreated created -> builder.setGroupCreated(GroupCreated.newBuilder()
                    .setTitle(created.title()).addAllMembers(created.members().stream().map(EventCodec::member).toList()));
            case EventBody.GroupRenamed renamed ->
                    builder.setGroupRenamed(GroupRenamed.newBuilder().setTitle(renamed.title()));
            case EventBody.MembersAdded added -> builder.setMembersAdded(MembersAdded.newBuilder()
                    .addAllMembers(added.members().stream().map(EventCodec::member).toList()));
            case EventBody.MemberRemoved removed ->
                    builder.setMemberRemoved(MemberRemoved.newBuilder().setUserId(removed.userId()));
            case EventBody.MemberLeft left -> builder.setMemberLeft(MemberLeft.newBuilder().setUserId(left.userId()));
            case EventBody.RoleChanged changed -> builder.setRoleChanged(
                    RoleChanged.newBuilder().setUserId(changed.userId()).setRole(role(changed.role())));
        }
        return builder.build();
    }

    public static ChatEvent event(Event event) {
        if (event.getSeq() < 1) {
            throw new BadRecordException("event seq: " + event.getSeq() + " (expected: >= 1)");
        }
        ConversationId conversation = conversation(event.getConversationId());
        EventBody body = switch (event.getBodyCase()) {
            case MESSAGE -> {
                MessagePosted message = event.getMessage();
                yield new EventBody.MessagePosted(message.hasBody() ? body(message.getBody())
                        : new io.cellchat.domain.chat.MessageBody.Text(""), message.getReplyToSeq(),
                        message.getIdempotencyKey(),
                        message.getEditedAtMs() == 0 ? null : Instant.ofEpochMilli(message.getEditedAtMs()),
                        message.getDeleted(), message.getReactionsList().stream()
                                .map(r -> new io.cellchat.domain.chat.Reaction(r.getEmoji(), r.getUserIdsList()))
                                .toList());
            }
            case EDITED -> new EventBody.MessageEdited(event.getEdited().getTargetSeq(),
                    body(event.getEdited().getBody()));
            case DELETED -> new EventBody.MessageDeleted(event.getDeleted().getTargetSeq());
            case REACTION -> new EventBody.ReactionChanged(event.getReaction().getTargetSeq(),
                    event.getReaction().getEmoji(), event.getReaction().getAdded());
            case GROUP_CREATED -> new EventBody.GroupCreated(event.getGroupCreated().getTitle(),
                    members(event.getGroupCreated().getMembersList()));
            case GROUP_RENAMED -> new EventBody.GroupRenamed(event.getGroupRenamed().getTitle());
            case MEMBERS_ADDED -> new EventBody.MembersAdded(members(event.getMembersAdded().getMembersList()));
            case MEMBER_REMOVED -> new EventBody.MemberRemoved(event.getMemberRemoved().getUserId());
            case MEMBER_LEFT -> new EventBody.MemberLeft(event.getMemberLeft().getUserId());
            case ROLE_CHANGED -> new EventBody.RoleChanged(event.getRoleChanged().getUserId(),
                    role(event.getRoleChanged().getRole()));
            case BODY_NOT_SET -> throw new BadRecordException("event " + conversation + "#" + event.getSeq()
                    + ": no body (expected: one of the event kinds)");
        };
        return new ChatEvent(conversation, event.getSeq(), event.getEventId(), event.getActor(),
                Instant.ofEpochMilli(event.getAtMs()), body);
    }

    public static MessageBody body(io.cellchat.domain.chat.MessageBody body) {
        return switch (body) {
            case io.cellchat.domain.chat.MessageBody.Text(String text) -> MessageBody.newBuilder().setText(text).build();
        };
    }

    public static io.cellchat.domain.chat.MessageBody body(MessageBody body) {
        return switch (body.getContentCase()) {
            case TEXT -> new io.cellchat.domain.chat.MessageBody.Text(body.getText());
            case CONTENT_NOT_SET -> throw new BadRecordException("message body: empty (expected: text)");
        };
    }

    public static Member member(io.cellchat.domain.chat.Member member) {
        return Member.newBuilder()
                .setUserId(member.userId())
                .setRole(role(member.role()))
                .setDeliveredSeq(member.deliveredSeq())
                .setSeenSeq(member.seenSeq())
                .build();
    }

    public static io.cellchat.domain.chat.Member member(Member member) {
        return new io.cellchat.domain.chat.Member(member.getUserId(), role(member.getRole()), member.getDeliveredSeq(),
                member.getSeenSeq());
    }

    public static List<io.cellchat.domain.chat.Member> members(List<Member> members) {
        return members.stream().map(EventCodec::member).toList();
    }

    public static Role role(io.cellchat.domain.chat.Role role) {
        return switch (role) {
            case MEMBER -> Role.MEMBER;
            case ADMIN -> Role.ADMIN;
            case OWNER -> Role.OWNER;
        };
    }

    public static io.cellchat.domain.chat.Role role(Role role) {
        return switch (role) {
            case MEMBER -> io.cellchat.domain.chat.Role.MEMBER;
            case ADMIN -> io.cellchat.domain.chat.Role.ADMIN;
            case OWNER -> io.cellchat.domain.chat.Role.OWNER;
            case ROLE_UNSPECIFIED, UNRECOGNIZED ->
                    throw new BadRecordException("role: " + role + " (expected: MEMBER, ADMIN or OWNER)");
        };
    }

    public static ConversationKind kind(io.cellchat.domain.chat.ConversationKind kind) {
        return switch (kind) {
            case DIRECT -> ConversationKind.DIRECT;
            case GROUP -> ConversationKind.GROUP;
        };
    }

    public static io.cellchat.domain.chat.ConversationKind kind(ConversationKind kind) {
        return switch (kind) {
            case DIRECT -> io.cellchat.domain.chat.ConversationKind.DIRECT;
            case GROUP -> io.cellchat.domain.chat.ConversationKind.GROUP;
            case CONVERSATION_KIND_UNSPECIFIED, UNRECOGNIZED ->
                    throw new BadRecordException("conversation kind: " + kind + " (expected: DIRECT or GROUP)");
        };
    }

    public static PresenceUpdate presence(Presence presence) {
        PresenceUpdate.Builder builder = PresenceUpdate.newBuilder()
                .setUserId(presence.userId())
                .setStatus(switch (presence.status()) {
                    case ONLINE -> PresenceStatus.ONLINE;
                    case AWAY -> PresenceStatus.AWAY;
                    case BUSY -> PresenceStatus.BUSY;
                    case OFFLINE -> PresenceStatus.OFFLINE;
                    case HIDDEN -> PresenceStatus.HIDDEN;
                });
        if (presence.lastSeen() != null) {
            builder.setLastSeenMs(presence.lastSeen().toEpochMilli());
        }
        return builder.build();
    }

    public static Presence presence(PresenceUpdate update) {
        io.cellchat.domain.presence.PresenceStatus status = switch (update.getStatus()) {
            case ONLINE -> io.cellchat.domain.presence.PresenceStatus.ONLINE;
            case AWAY -> io.cellchat.domain.presence.PresenceStatus.AWAY;
            case BUSY -> io.cellchat.domain.presence.PresenceStatus.BUSY;
            case OFFLINE -> io.cellchat.domain.presence.PresenceStatus.OFFLINE;
            case HIDDEN -> io.cellchat.domain.presence.PresenceStatus.HIDDEN;
            case PRESENCE_STATUS_UNSPECIFIED, UNRECOGNIZED -> throw new BadRecordException(
                    "presence status: " + update.getStatus() + " (expected: ONLINE, AWAY, BUSY, OFFLINE or HIDDEN)");
        };
        return new Presence(update.getUserId(), status,
                update.getLastSeenMs() == 0 ? null : Instant.ofEpochMilli(update.getLastSeenMs()));
    }

    public static ContactUpdate contact(Push.ContactChanged changed) {
        Profile other = changed.other();
        return ContactUpdate.newBuilder()
                .setUserId(other.userId())
                .setState(io.cellchat.contracts.v1.ContactState.valueOf(changed.state().name()))
                .setProfile(UserProfile.newBuilder().setUserId(other.userId()).setUsername(other.username())
                        .setDisplayName(other.displayName()).setBio(other.bio())
                        .setAvatarVersion(other.avatarVersion()))
                .build();
    }

    public static Push.ContactChanged contact(ContactUpdate update) {
        ContactState state = switch (update.getState()) {
            case NONE -> ContactState.NONE;
            case INVITATION_SENT -> ContactState.INVITATION_SENT;
            case INVITATION_RECEIVED -> ContactState.INVITATION_RECEIVED;
            case CONTACT -> ContactState.CONTACT;
            case BLOCKED -> ContactState.BLOCKED;
            case CONTACT_STATE_UNSPECIFIED, UNRECOGNIZED -> throw new BadRecordException("contact state: "
                    + update.getState() + " (expected: NONE, INVITATION_SENT, INVITATION_RECEIVED, CONTACT or BLOCKED)");
        };
        UserProfile profile = update.getProfile();
        if (profile.getUserId() != update.getUserId()) {
            throw new BadRecordException("contact profile of user " + profile.getUserId() + " (expected: "
                    + update.getUserId() + ")");
        }
        return new Push.ContactChanged(state, new Profile(profile.getUserId(), profile.getUsername(),
                profile.getDisplayName(), profile.getBio(), profile.getAvatarVersion()));
    }

    public static io.cellchat.contracts.v1.ConversationPrefs prefs(ConversationPrefs prefs) {
        return io.cellchat.contracts.v1.ConversationPrefs.newBuilder()
                .setConversationId(prefs.conversation().value())
                .setPinnedAtMs(prefs.pinnedAtMs())
                .setArchived(prefs.archived())
                .setMutedUntilMs(prefs.mutedUntilMs())
                .build();
    }

    public static ConversationPrefs prefs(io.cellchat.contracts.v1.ConversationPrefs prefs) {
        try {
            return new ConversationPrefs(conversation(prefs.getConversationId()), prefs.getPinnedAtMs(),
                    prefs.getArchived(), prefs.getMutedUntilMs());
        } catch (IllegalArgumentException e) {
            throw new BadRecordException("prefs: " + e.getMessage(), e);
        }
    }

    /** A conversation ID from a record; records come from our own servers, but are checked all the same. */
    public static ConversationId conversation(String value) {
        try {
            return ConversationId.parse(value);
        } catch (RuntimeException e) {
            throw new BadRecordException("conversation_id: " + e.getMessage(), e);
        }
    }
}
