package io.cellchat.domain.prefs;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Port: where each user's conversation settings live (embedded: SQLite in the users service; distributed:
 * PostgreSQL). A user's settings are small (one row per conversation they changed) and read whole.
 */
public interface ConversationPrefsStore {

    /** The settings of every conversation the user changed and did not set back to the defaults. */
    List<ConversationPrefs> all(long userId);

    /**
     * Applies a change atomically and completes, once durable, with the settings as they are now. Pinning keeps an
     * existing pin time; pinning beyond {@code maxPinned} pinned conversations completes exceptionally with a
     * {@link io.cellchat.domain.error.ChatException} ({@code INVALID_ARGUMENT}) and changes nothing.
     *
     * @param at the time a new pin gets
     */
    CompletableFuture<ConversationPrefs> apply(long userId, PrefsChange change, Instant at, int maxPinned);
}
