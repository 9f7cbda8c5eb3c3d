package io.cellchat.domain.account;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A login on one device: a short-lived access token for requests and a refresh token that buys the next pair. Both
 * are bearer secrets: shown once to the client, stored only as hashes, never logged ({@link #toString()} hides
 * them). Each refresh rotates the refresh token; presenting a refresh token a second time ends the whole session
 * (someone else has a copy).
 *
 * @param token the access token ({@code auth.access-ttl}, 15 minutes by default)
 * @param expiresAt when the access token expires
 * @param refreshToken the refresh token, good once
 * @param refreshExpiresAt when the refresh token expires ({@code auth.refresh-ttl} after it was issued); the session
 *     ends then unless refreshed before
 */
public record Session(String token, Principal principal, Instant expiresAt, String refreshToken,
        Instant refreshExpiresAt, Profile profile) {

    public Session {
        requireNonNull(token, "token");
        requireNonNull(principal, "principal");
        requireNonNull(expiresAt, "expiresAt");
        requireNonNull(refreshToken, "refreshToken");
        requireNonNull(refreshExpiresAt, "refreshExpiresAt");
        requireNonNull(profile, "profile");
    }

    @Override
    public String toString() {
        return "Session[token=****, principal=" + principal + ", expiresAt=" + expiresAt + ", refreshToken=****"
                + ", refreshExpiresAt=" + refreshExpiresAt + ", profile=" + profile + "]";
    }
}
