package io.cellchat.rpc.users;

import io.cellchat.contracts.internal.v1.Principal;
import io.cellchat.contracts.internal.v1.Privacy;
import io.cellchat.contracts.internal.v1.Profile;
import io.cellchat.contracts.internal.v1.Tie;
import io.cellchat.contracts.internal.v1.TiesResponse;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.social.Audience;
import io.cellchat.domain.social.PrivacySettings;
import java.util.HashMap;
import java.util.Map;

/** The users service's domain types to and from the records of {@code cellchat/internal/v1/users.proto}. */
final class UsersCodec {

    private UsersCodec() {}

    static Principal principal(io.cellchat.domain.account.Principal principal) {
        return Principal.newBuilder().setUserId(principal.userId()).setDeviceId(principal.deviceId()).build();
    }

    static io.cellchat.domain.account.Principal principal(Principal principal) {
        return new io.cellchat.domain.account.Principal(principal.getUserId(), principal.getDeviceId());
    }

    static Profile profile(io.cellchat.domain.account.Profile profile) {
        return Profile.newBuilder()
                .setUserId(profile.userId())
                .setUsername(profile.username())
                .setDisplayName(profile.displayName())
                .setBio(profile.bio())
                .setAvatarVersion(profile.avatarVersion())
                .build();
    }

    static io.cellchat.domain.account.Profile profile(Profile profile) {
        return new io.cellchat.domain.account.Profile(profile.getUserId(), profile.getUsername(),
                profile.getDisplayName(), profile.getBio(), profile.getAvatarVersion());
    }

    static TiesResponse ties(Map<Long, io.cellchat.domain.social.Tie> ties) {
        TiesResponse.Builder response = TiesResponse.newBuilder();
        ties.forEach((user, tie) -> response.addTies(Tie.newBuilder()
                .setUserId(user)
                .setContacts(tie.contacts())
                .setBlockedBySubject(tie.blockedBySubject())
                .setBlockedSubject(tie.blockedSubject())
                .setSubjectSettings(Privacy.newBuilder()
                        .setMessages(tie.subjectSettings().messages().name())
                        .setLastSeen(tie.subjectSettings().lastSeen().name())
                        .setProfile(tie.subjectSettings().profile().name()))));
        return response.build();
    }

    /** @throws ChatException {@code INTERNAL} if the users role sent a setting this side does not know */
    static Map<Long, io.cellchat.domain.social.Tie> ties(TiesResponse response) {
        Map<Long, io.cellchat.domain.social.Tie> ties = new HashMap<>();
        for (Tie tie : response.getTiesList()) {
            Privacy privacy = tie.getSubjectSettings();
            ties.put(tie.getUserId(), new io.cellchat.domain.social.Tie(tie.getContacts(), tie.getBlockedBySubject(),
                    tie.getBlockedSubject(), new PrivacySettings(audience(privacy.getMessages()),
                            audience(privacy.getLastSeen()), audience(privacy.getProfile()))));
        }
        return ties;
    }

    private static Audience audience(String name) {
        try {
            return Audience.valueOf(name);
        } catch (IllegalArgumentException unknown) {
            throw new ChatException(ChatError.INTERNAL,
                    "users service: audience '" + name + "' (expected: EVERYONE, CONTACTS or NOBODY)");
        }
    }
}
