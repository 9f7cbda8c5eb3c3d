package io.cellchat.services.messaging.prefs;

import static io.cellchat.domain.error.ChatError.INVALID_ARGUMENT;

import io.cellchat.contracts.v1.ConversationPrefs;
import io.cellchat.contracts.v1.SetConversationPrefs;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.prefs.PrefsChange;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The protocol shape of a user's conversation settings ({@code SetConversationPrefs} in, {@code ConversationPrefs}
 * out), decoded and checked here once, at the edge. Kept apart from the chat commands: a settings change is no
 * event of the conversation, takes no sequence number and goes to the user's own devices only.
 */
public final class PrefsFrames {

    private PrefsFrames() {}

    /** The change a frame asks for; refuses a frame that changes nothing or a negative mute time. */
    public static PrefsChange change(SetConversationPrefs frame) {
        ConversationId conversation = ConversationId.parse(frame.getConversationId());
        if (frame.hasMutedUntilMs() && frame.getMutedUntilMs() < 0) {
            throw new ChatException(INVALID_ARGUMENT, "set_conversation_prefs.muted_until_ms: "
                    + frame.getMutedUntilMs() + " (expected: 0 to unmute, a time in ms since the epoch, or "
                    + Long.MAX_VALUE + " for until unmuted)");
        }
        PrefsChange change = new PrefsChange(conversation,
                frame.hasPinned() ? Optional.of(frame.getPinned()) : Optional.empty(),
                frame.hasArchived() ? Optional.of(frame.getArchived()) : Optional.empty(),
                frame.hasMutedUntilMs() ? OptionalLong.of(frame.getMutedUntilMs()) : OptionalLong.empty());
        if (change.isEmpty()) {
            throw new ChatException(INVALID_ARGUMENT,
                    "set_conversation_prefs: no setting given (expected: pinned, archived or muted_until_ms)");
        }
        return change;
    }

    public static ConversationPrefs prefs(io.cellchat.domain.prefs.ConversationPrefs prefs) {
        return ConversationPrefs.newBuilder()
                .setConversationId(prefs.conversation().value())
                .setPinnedAtMs(prefs.pinnedAtMs())
                .setArchived(prefs.archived())
                .setMutedUntilMs(prefs.mutedUntilMs())
                .build();
    }
}
