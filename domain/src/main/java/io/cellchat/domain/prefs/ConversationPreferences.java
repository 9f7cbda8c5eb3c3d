package io.cellchat.domain.prefs;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Port: each user's own conversation settings (pinned, archived, muted) as the edges need them. Implemented by the
 * users service, which validates a change, stores it and pushes the new settings to every device of the user.
 */
public interface ConversationPreferences {

    /** How many conversations a user may pin. */
    int MAX_PINNED = 5;

    /** The settings of every conversation the user changed. */
    List<ConversationPrefs> of(long userId);

    /**
     * Changes the settings; completes with them once durable and pushed. Refusals complete exceptionally with a
     * {@link io.cellchat.domain.error.ChatException} ({@code INVALID_ARGUMENT}).
     */
    CompletableFuture<ConversationPrefs> change(long userId, PrefsChange change);
}
