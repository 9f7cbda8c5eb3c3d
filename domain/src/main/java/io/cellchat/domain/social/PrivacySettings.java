package io.cellchat.domain.social;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;

/**
 * A user's privacy settings, read by {@link AccessPolicy}. The defaults ({@link #DEFAULTS}) keep the product open
 * as it was before settings existed, except where openness leaked: presence is never shown to strangers whatever
 * the settings say (see {@link AccessPolicy}).
 *
 * @param messages who may start a direct conversation with the user or add them to a group: {@code EVERYONE}
 *     (default) or {@code CONTACTS}
 * @param lastSeen who, among those who may see the user's presence, also sees when they were last seen:
 *     {@code EVERYONE} (default), {@code CONTACTS} or {@code NOBODY}
 * @param profile who sees the user's bio and avatar: {@code EVERYONE} (default) or {@code CONTACTS}; username and
 *     display name are always visible, so that people can find each other
 */
public record PrivacySettings(Audience messages, Audience lastSeen, Audience profile) {

    public static final PrivacySettings DEFAULTS =
            new PrivacySettings(Audience.EVERYONE, Audience.EVERYONE, Audience.EVERYONE);

    public PrivacySettings {
        requireNonNull(messages, "messages");
        requireNonNull(lastSeen, "lastSeen");
        requireNonNull(profile, "profile");
        if (messages == Audience.NOBODY) {
            throw new ChatException(ChatError.INVALID_ARGUMENT,
                    "messages: NOBODY (expected: EVERYONE or CONTACTS; block people to keep them out)");
        }
        if (profile == Audience.NOBODY) {
            throw new ChatException(ChatError.INVALID_ARGUMENT,
                    "profile: NOBODY (expected: EVERYONE or CONTACTS)");
        }
    }
}
