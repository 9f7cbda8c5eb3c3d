package io.cellchat.domain.presence;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A user's presence as others see it.
 *
 * @param lastSeen when the user was last connected and active; {@code null} if never
 */
public record Presence(long userId, PresenceStatus status, @Nullable Instant lastSeen) {

    public Presence {
        requireNonNull(status, "status");
    }
}
