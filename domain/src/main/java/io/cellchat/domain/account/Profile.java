package io.cellchat.domain.account;

import static java.util.Objects.requireNonNull;

/** What others see of a user. */
public record Profile(long userId, String username, String displayName) {

    public Profile {
        requireNonNull(username, "username");
        requireNonNull(displayName, "displayName");
    }
}
