package io.cellchat.services.messaging.protocol;

import io.cellchat.contracts.AvatarUrl;
import io.cellchat.contracts.v1.ConversationKind;
import io.cellchat.contracts.v1.ConversationSummary;
import io.cellchat.contracts.v1.Event;
import io.cellchat.contracts.v1.HistoryResult;
import io.cellchat.contracts.v1.Member;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.PresenceUpdate;
import io.cellchat.contracts.v1.ReceiptUpdate;
import io.cellchat.contracts.v1.Role;
import io.cellchat.contracts.v1.SyncResult;
import io.cellchat.contracts.v1.UserProfile;
import io.cellchat.backplane.EventCodec;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.presence.Presence;
import java.util.Collection;
import java.util.Map;

/**
 * Maps the domain to client protocol v1 messages. Events, members and presence have the shape the backplane carries
 * too, so their mapping is the backplane's {@link EventCodec}; this class adds what only clients see (lists, pages,
 * profiles).
 */
public final class ProtocolMapper {

    private ProtocolMapper() {}

    public static Event event(ChatEvent event) {
        return EventCodec.event(event);
    }

    public static MessageBody body(io.cellchat.domain.chat.MessageBody body) {
        return EventCodec.body(body);
    }

    public static Member member(io.cellchat.domain.chat.Member member) {
        return EventCodec.member(member);
    }

    public static Role role(io.cellchat.domain.chat.Role role) {
        return EventCodec.role(role);
    }

    public static ConversationKind kind(io.cellchat.domain.chat.ConversationKind kind) {
        return EventCodec.kind(kind);
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
        return EventCodec.presence(presence);
    }
}
