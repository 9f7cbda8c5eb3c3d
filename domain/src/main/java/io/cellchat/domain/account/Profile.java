package io.cellchat.domain.account;

import static java.util.Objects.requireNonNull;

/**
 * What others see of a user. The card (ID, username, display name) is visible to every signed-in user; the bio and
 * the avatar only to those the user's {@code profile} privacy setting lets in, so a profile shown to someone else
 * has passed through {@link io.cellchat.domain.social.Authorization#profileFor}.
 *
 * @param bio free text, a few lines; empty when none or hidden
 * @param avatarVersion changes with every new avatar (its URL carries it, so it can be cached forever); 0 when
 *     none or hidden
 */
public record Profile(long userId, String username, String displayName, String bio, long avatarVersion) {

    public Profile {
        requireNonNull(username, "username");
        requireNonNull(displayName, "displayName");
        requireNonNull(bio, "bio");
    }

    /** A profile without bio and avatar. */
    public Profile(long userId, String username, String displayName) {
        this(userId, username, displayName, "", 0);
    }

    /** The card alone: what a viewer the settings keep out sees. */
    public Profile card() {
        return new Profile(userId, username, displayName);
    }
}
