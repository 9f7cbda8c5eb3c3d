package io.cellchat.domain.prefs;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.chat.ConversationId;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a user changes in one conversation's settings; an empty field keeps its value, so two devices changing
 * different settings at once do not undo each other.
 *
 * @param mutedUntilMs 0 unmutes, {@link ConversationPrefs#MUTED_FOREVER} mutes until unmuted, a time mutes until
 *     then
 */
public record PrefsChange(ConversationId conversation, Optional<Boolean> pinned, Optional<Boolean> archived,
        OptionalLong mutedUntilMs) {

    public PrefsChange {
        requireNonNull(conversation, "conversation");
        requireNonNull(pinned, "pinned");
        requireNonNull(archived, "archived");
        requireNonNull(mutedUntilMs, "mutedUntilMs");
    }

    public boolean isEmpty() {
        return pinned.isEmpty() && archived.isEmpty() && mutedUntilMs.isEmpty();
    }
}
