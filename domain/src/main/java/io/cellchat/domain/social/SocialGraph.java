package io.cellchat.domain.social;

import java.util.Collection;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Port: the facts between users that authorization needs (contacts, blocks, privacy settings), read in batches.
 * Implemented by the users service's store (embedded: SQLite; distributed: PostgreSQL).
 */
public interface SocialGraph {

    /**
     * How {@code viewer} stands toward each subject. Every subject gets an entry ({@link Tie#STRANGERS} with the
     * subject's settings when nothing links them), unknown users included.
     */
    Map<Long, Tie> ties(long viewer, Collection<Long> subjects);

    /**
     * The same answer as {@link #ties}, if this graph holds the facts in memory and can give them without blocking
     * (a caller on an event loop asks this first); {@code null} when they must be read from the store.
     */
    default @Nullable Map<Long, Tie> tiesInMemory(long viewer, Collection<Long> subjects) {
        return null;
    }

    /** How each viewer stands toward {@code subject}: the same facts seen from the other side, in one read. */
    Map<Long, Tie> audience(long subject, Collection<Long> viewers);
}
