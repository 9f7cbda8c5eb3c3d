package io.cellchat.domain.account;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A login on one device. The token is a bearer secret: shown once to the client, stored only as a hash, never
 * logged ({@link #toString()} hides it).
 */
public record Session(String token, Principal principal, Instant expiresAt, Profile profile) {

    public Session {
        requireNonNull(token, "token");
        requireNonNull(principal, "principal");
        requireNonNull(expiresAt, "expiresAt");
        requireNonNull(profile, "profile");
    }

    @Override
    public String toString() {
        return "Session[token=****, principal=" + principal + ", expiresAt=" + expiresAt + ", profile=" + profile + "]";
    }
}
