package io.cellchat.services.users.store.sqlite;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
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
 * Bounded by weight (one per user plus one per contact or block), in a Caffeine cache: lookups take no lock, so the
 * event loops that authorize messages do not contend for one.
 */
final class SocialFacts {

    /** The facts of one user; {@code weight} bounds the cache. */
    record Facts(Set<Long> contacts, Set<Long> blocked, PrivacySettings settings) {
        int weight() {
            return 1 + contacts.size() + blocked.size();
        }
    }

    private record Entry(long commits, Facts facts) {}

    private final SqliteDatabase database;
    private final Cache<Long, Entry> entries;

    SocialFacts(SqliteDatabase database, long maxWeight) {
        this.database = database;
        this.entries = Caffeine.newBuilder()
                .maximumWeight(maxWeight)
                .weigher((Long user, Entry entry) -> entry.facts().weight())
                .executor(Runnable::run)
                .build();
    }

    /**
     * The ties of {@code viewer} to each subject, as {@link SqliteSocialStore#ties} answers them, or {@code null} if
     * the facts could not be taken from one state of the database (a write committed meanwhile).
     */
    @Nullable Map<Long, Tie> ties(long viewer, Collection<Long> subjects) {
        long commits = database.commits();
        Map<Long, Tie> cached = ties(viewer, subjects, commits);
        if (cached != null) {
            return cached;
        }
        Map<Long, Facts> known = new HashMap<>();
        Set<Long> missing = new HashSet<>();
        for (long user : subjects) {
            remembered(user, commits, known, missing);
        }
        remembered(viewer, commits, known, missing);
        Map<Long, Facts> loaded = database.read(connection -> load(connection, missing));
        if (database.commits() != commits) {
            return null;
        }
        loaded.forEach((user, facts) -> entries.put(user, new Entry(commits, facts)));
        known.putAll(loaded);
        Facts mine = Objects.requireNonNull(known.get(viewer));
        Map<Long, Tie> ties = HashMap.newHashMap(subjects.size());
        for (long subject : subjects) {
            ties.put(subject, tie(viewer, subject, mine, Objects.requireNonNull(known.get(subject))));
        }
        return ties;
    }

    private void remembered(long user, long commits, Map<Long, Facts> known, Set<Long> missing) {
        Facts facts = current(user, commits);
        if (facts != null) {
            known.put(user, facts);
        } else {
            missing.add(user);
        }
    }

    /**
     * The same answer from the cache alone, without reading the database: {@code null} unless the facts of the
     * viewer and of every subject are cached and current. Takes no lock; safe on an event loop.
     */
    @Nullable Map<Long, Tie> tiesInMemory(long viewer, Collection<Long> subjects) {
        return ties(viewer, subjects, database.commits());
    }

    private @Nullable Map<Long, Tie> ties(long viewer, Collection<Long> subjects, long commits) {
        Facts mine = current(viewer, commits);
        if (mine == null) {
            return null;
        }
        Map<Long, Tie> ties = HashMap.newHashMap(subjects.size());
        for (long subject : subjects) {
            Facts theirs = current(subject, commits);
            if (theirs == null) {
                return null;
            }
            ties.put(subject, tie(viewer, subject, mine, theirs));
        }
        return ties;
    }

    private @Nullable Facts current(long user, long commits) {
        Entry entry = entries.getIfPresent(user);
        return entry != null && entry.commits() == commits ? entry.facts() : null;
    }

    private static Tie tie(long viewer, long subject, Facts mine, Facts theirs) {
        return new Tie(mine.contacts().contains(subject), theirs.blocked().contains(viewer),
                mine.blocked().contains(subject), theirs.settings());
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
