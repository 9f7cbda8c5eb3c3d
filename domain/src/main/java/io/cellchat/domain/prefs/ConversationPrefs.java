package io.cellchat.domain.prefs;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.chat.ConversationId;

/**
 * One user's own settings for one conversation: pinned (and when, which orders the pinned ones), archived, muted
 * until when. They belong to the user, not to the conversation: the other members never see them, and every device
 * of the user shows the same (the server stores them and pushes each change to the user's devices).
 *
 * @param pinnedAtMs when the user pinned it (ms since the epoch), 0 when not pinned
 * @param mutedUntilMs 0 when not muted; {@link #MUTED_FOREVER} until unmuted; otherwise muted until then
 */
public record ConversationPrefs(ConversationId conversation, long pinnedAtMs, boolean archived, long mutedUntilMs) {

    /** {@code muted_until_ms} of a conversation muted until the user unmutes it: the largest int64. */
    public static final long MUTED_FOREVER = Long.MAX_VALUE;

    public ConversationPrefs {
        requireNonNull(conversation, "conversation");
        if (pinnedAtMs < 0 || mutedUntilMs < 0) {
            throw new IllegalArgumentException("pinnedAtMs and mutedUntilMs must be >= 0: " + pinnedAtMs + ", "
                    + mutedUntilMs);
        }
    }

    /** The settings of a conversation the user never changed: not pinned, not archived, not muted. */
    public static ConversationPrefs none(ConversationId conversation) {
        return new ConversationPrefs(conversation, 0, false, 0);
    }

    public boolean pinned() {
        return pinnedAtMs > 0;
    }

    public boolean isDefault() {
        return pinnedAtMs == 0 && !archived && mutedUntilMs == 0;
    }
}
