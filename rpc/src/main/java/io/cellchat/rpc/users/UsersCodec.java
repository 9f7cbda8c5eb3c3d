package io.cellchat.rpc.users;

import io.cellchat.contracts.internal.v1.Principal;
import io.cellchat.contracts.internal.v1.Profile;
import io.cellchat.contracts.internal.v1.SessionResponse;
import io.cellchat.domain.account.Session;
import java.time.Instant;

/** Accounts' domain types to and from the records of {@code cellchat/internal/v1/users.proto}. */
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
                .build();
    }

    static io.cellchat.domain.account.Profile profile(Profile profile) {
        return new io.cellchat.domain.account.Profile(profile.getUserId(), profile.getUsername(),
                profile.getDisplayName());
    }

    static SessionResponse session(Session session) {
        return SessionResponse.newBuilder()
                .setToken(session.token())
                .setPrincipal(principal(session.principal()))
                .setExpiresAtMs(session.expiresAt().toEpochMilli())
                .setProfile(profile(session.profile()))
                .build();
    }

    static Session session(SessionResponse session) {
        return new Session(session.getToken(), principal(session.getPrincipal()),
                Instant.ofEpochMilli(session.getExpiresAtMs()), profile(session.getProfile()));
    }
}
