package io.cellchat.services.messaging.protocol;

import io.cellchat.contracts.AvatarUrl;
import io.cellchat.contracts.v1.ConversationKind;
import io.cellchat.contracts.v1.ConversationSummary;
import io.cellchat.contracts.v1.Event;
import io.cellchat.contracts.v1.GroupCreated;
import io.cellchat.contracts.v1.GroupRenamed;
import io.cellchat.contracts.v1.HistoryResult;
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
import io.cellchat.contracts.v1.ReceiptUpdate;
import io.cellchat.contracts.v1.Role;
import io.cellchat.contracts.v1.RoleChanged;
import io.cellchat.contracts.v1.SyncResult;
import io.cellchat.contracts.v1.UserProfile;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.EventBody;
import io.cellchat.domain.presence.Presence;
import java.util.Collection;
import java.util.Map;

/** Maps the domain to client protocol v1 messages. The only place that knows both shapes. */
public final class ProtocolMapper {

    private ProtocolMapper() {}

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
                    .setTitle(created.title()).addAllMembers(created.members().stream().map(ProtocolMapper::member).toList()));
            case EventBody.GroupRenamed renamed ->
                    builder.setGroupRenamed(GroupRenamed.newBuilder().setTitle(renamed.title()));
            case EventBody.MembersAdded added -> builder.setMembersAdded(MembersAdded.newBuilder()
                    .addAllMembers(added.members().stream().map(ProtocolMapper::member).toList()));
            case EventBody.MemberRemoved removed ->
                    builder.setMemberRemoved(MemberRemoved.newBuilder().setUserId(removed.userId()));
            case EventBody.MemberLeft left -> builder.setMemberLeft(MemberLeft.newBuilder().setUserId(left.userId()));
            case EventBody.RoleChanged changed -> builder.setRoleChanged(
                    RoleChanged.newBuilder().setUserId(changed.userId()).setRole(role(changed.role())));
        }
        return builder.build();
    }

    public static MessageBody body(io.cellchat.domain.chat.MessageBody body) {
        return switch (body) {
            case io.cellchat.domain.chat.MessageBody.Text(String text) -> MessageBody.newBuilder().setText(text).build();
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

    public static Role role(io.cellchat.domain.chat.Role role) {
        return switch (role) {
            case MEMBER -> Role.MEMBER;
            case ADMIN -> Role.ADMIN;
            case OWNER -> Role.OWNER;
        };
    }

    public static ConversationKind kind(io.cellchat.domain.chat.ConversationKind kind) {
        return switch (kind) {
            case DIRECT -> ConversationKind.DIRECT;
            case GROUP -> ConversationKind.GROUP;
        };
    }

    /** The card (ID, username, display name): what every signed-in user may see of anyone. */
    public static UserProfile profile(Profile profile) {
        return UserProfile.newBuilder()
                .setUserId(profile.userId())
                .setUsername(profile.username())
                .setDisplayName(profile.displayName())
                .build();
    }

    /**
     * The whole profile with bio and avatar, for one that has passed through
     * {@link io.cellchat.domain.social.Authorization#profileFor} for its recipient (a contact push).
     */
    public static UserProfile visibleProfile(Profile profile) {
        return profile(profile).toBuilder()
                .setBio(profile.bio())
                .setAvatarVersion(profile.avatarVersion())
                .setAvatarUrl(AvatarUrl.of(profile.userId(), profile.avatarVersion()))
                .build();
    }

    public static ConversationSummary summary(ChatReader.ConversationSummary summary, Map<Long, Profile> profiles) {
        ConversationSummary.Builder builder = ConversationSummary.newBuilder()
                .setConversationId(summary.id().value())
                .setKind(kind(summary.kind()))
                .setTitle(summary.title())
                .setLastSeq(summary.lastSeq())
                .setUnread(summary.unread())
                .setMemberCount(summary.memberCount())
                .setDeliveredSeq(summary.self().deliveredSeq())
                .setSeenSeq(summary.self().seenSeq())
                .setRole(role(summary.self().role()))
                .setLastActivityMs(summary.lastActivity().toEpochMilli());
        Profile peer = profiles.get(summary.peerUserId());
        if (peer != null) {
            builder.setPeer(profile(peer));
        }
        if (summary.lastMessage() != null) {
            builder.setLastMessage(event(summary.lastMessage()));
        }
        return builder.build();
    }

    public static SyncResult sync(ChatReader.SyncPage page, Collection<Profile> profiles) {
        return SyncResult.newBuilder()
                .setConversationId(page.id().value())
                .addAllEvents(page.events().stream().map(ProtocolMapper::event).toList())
                .setLastSeq(page.lastSeq())
                .setHasMore(page.hasMore())
                .addAllMembers(page.members().stream().map(ProtocolMapper::member).toList())
                .addAllProfiles(profiles.stream().map(ProtocolMapper::profile).toList())
                .setKind(kind(page.kind()))
                .setTitle(page.title())
                .build();
    }

    public static HistoryResult history(ChatReader.HistoryPage page) {
        return HistoryResult.newBuilder()
                .setConversationId(page.id().value())
                .addAllEvents(page.events().stream().map(ProtocolMapper::event).toList())
                .setHasMore(page.hasMore())
                .setLastSeq(page.lastSeq())
                .build();
    }

    public static ReceiptUpdate receipt(io.cellchat.domain.chat.ConversationId conversation,
            io.cellchat.domain.chat.Member member) {
        return ReceiptUpdate.newBuilder()
                .setConversationId(conversation.value())
                .setUserId(member.userId())
                .setDeliveredSeq(member.deliveredSeq())
                .setSeenSeq(member.seenSeq())
                .build();
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
}
