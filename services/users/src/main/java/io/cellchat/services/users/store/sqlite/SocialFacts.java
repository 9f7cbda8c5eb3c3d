package io.cellchat.services.users.store.sqlite;

import io.cellchat.domain.social.PrivacySettings;
import io.cellchat.domain.social.Tie;
import io.cellchat.platform.sqlite.SqliteDatabase;
import io.cellchat.services.users.store.ProfileRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the ties of a few users are made of, per user (whom they have as contacts, whom they block, their privacy
 * settings), cached in memory so that the authorization of a direct message (one tie, asked for every message) does
 * not query SQLite each time. Without it that query cost the single process more CPU per message than the whole
 * history write path. Cached per user, not per pair: a few thousand active users make millions of pairs.
 *
 * <p>Never stale: each entry is tagged with the database's commit count read before it was loaded, and is used only
 * while that count has not moved. Any write to the database (a contact accepted, a block, a settings change, but
 * also a login) drops every entry at once; such writes are rare next to messages, and the count moves before the
 * writing call completes, so a block is in force for every check that starts after the block was answered. An
 * answer whose facts were loaded across a commit is not used: the caller reads the ties in one statement instead.
 * Bounded by weight (one per user plus one per contact or block), least recently used first out.
 */
final class SocialFacts {

    /** The facts of one user; {@code weight} bounds the cache. */
    record Facts(Set<Long> contacts, Set<Long> blocked, PrivacySettings settings) {
        long weight() {
            return 1L + contacts.size() + blocked.size();
        }
    }

    private record Entry(long commits, Facts facts) {}

    private final SqliteDatabase database;
    private final long maxWeight;
    private final LinkedHashMap<Long, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private long weight;

    SocialFacts(SqliteDatabase database, long maxWeight) {
        this.database = database;
        this.maxWeight = maxWeight;
    }

    /**
     * The ties of {@code viewer} to each subject, as {@link SqliteSocialStore#ties} answers them, or {@code null} if
     * the facts could not be taken from one state of the database (a write committed meanwhile).
     */
    @Nullable Map<Long, Tie> ties(long viewer, Collection<Long> subjects) {
        return ties(viewer, subjects, true);
    }

    /**
     * The same answer from the cache alone, without reading the database: {@code null} unless the facts of the
     * viewer and of every subject are cached and current. Takes one short lock; safe on an event loop.
     */
    @Nullable Map<Long, Tie> tiesInMemory(long viewer, Collection<Long> subjects) {
        return ties(viewer, subjects, false);
    }

    private @Nullable Map<Long, Tie> ties(long viewer, Collection<Long> subjects, boolean load) {
        long commits = database.commits();
        Set<Long> users = new HashSet<>(subjects);
        users.add(viewer);
        Map<Long, Facts> known = cached(users, commits);
        if (known.size() < users.size()) {
            if (!load) {
                return null;
            }
            Set<Long> missing = new HashSet<>(users);
            missing.removeAll(known.keySet());
            Map<Long, Facts> loaded = database.read(connection -> load(connection, missing));
            if (database.commits() != commits) {
                return null;
            }
            known.putAll(loaded);
            remember(loaded, commits);
        }
        return ties(viewer, subjects, known);
    }

    private static Map<Long, Tie> ties(long viewer, Collection<Long> subjects, Map<Long, Facts> known) {
        Facts mine = Objects.requireNonNull(known.get(viewer));
        Map<Long, Tie> ties = new HashMap<>();
        for (long subject : subjects) {
            Facts theirs = Objects.requireNonNull(known.get(subject));
            ties.put(subject, new Tie(mine.contacts().contains(subject), theirs.blocked().contains(viewer),
                    mine.blocked().contains(subject), theirs.settings()));
        }
        return ties;
    }

    private synchronized Map<Long, Facts> cached(Set<Long> users, long commits) {
        Map<Long, Facts> found = new HashMap<>();
        for (long user : users) {
            Entry entry = entries.get(user);
            if (entry != null && entry.commits() == commits) {
                found.put(user, entry.facts());
            }
        }
        return found;
    }

    private synchronized void remember(Map<Long, Facts> loaded, long commits) {
        loaded.forEach((user, facts) -> {
            Entry previous = entries.put(user, new Entry(commits, facts));
            if (previous != null) {
                weight -= previous.facts().weight();
            }
            weight += facts.weight();
        });
        Iterator<Entry> eldest = entries.values().iterator();
        while (weight > maxWeight && eldest.hasNext()) {
            weight -= eldest.next().facts().weight();
            eldest.remove();
        }
    }

    private static Map<Long, Facts> load(Connection connection, Set<Long> users) throws SQLException {
        Map<Long, Facts> facts = new HashMap<>();
        for (long user : users) {
            facts.put(user, new Facts(ids(connection, "SELECT contact_id FROM contacts WHERE user_id = ?", user),
                    ids(connection, "SELECT blocked FROM blocks WHERE blocker = ?", user), settings(connection, user)));
        }
        return facts;
    }

    private static Set<Long> ids(Connection connection, String sql, long user) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, user);
            try (ResultSet rows = select.executeQuery()) {
                Set<Long> ids = new HashSet<>();
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
                return Set.copyOf(ids);
            }
        }
    }

    private static PrivacySettings settings(Connection connection, long user) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT messages_from, last_seen_to, profile_to FROM users WHERE id = ?")) {
            select.setLong(1, user);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? ProfileRows.settings(row, 1) : PrivacySettings.DEFAULTS;
            }
        }
    }
}
