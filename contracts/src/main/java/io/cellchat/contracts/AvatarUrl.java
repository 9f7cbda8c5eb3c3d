package io.cellchat.contracts;

/**
 * The URL of a user's avatar as the protocol writes it into {@code UserProfile.avatar_url}: relative to the server,
 * versioned ({@code /api/v1/users/42/avatar?v=3}), so a client may cache it for ever and a new avatar is a new URL.
 * Fetching it takes the bearer token (docs/protocol.md, "Avatars").
 */
public final class AvatarUrl {

    private AvatarUrl() {}

    /** The URL of version {@code version} of the user's avatar; empty for version 0 (no avatar, or hidden). */
    public static String of(long userId, long version) {
        return version <= 0 ? "" : "/api/v1/users/" + userId + "/avatar?v=" + version;
    }
}
