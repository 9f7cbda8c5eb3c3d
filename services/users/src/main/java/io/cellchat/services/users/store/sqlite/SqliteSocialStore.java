package io.cellchat.services.users.store.sqlite;

import io.cellchat.domain.social.PrivacySettings;
import io.cellchat.domain.social.Tie;
import io.cellchat.platform.sqlite.SqliteDatabase;
import io.cellchat.services.users.store.ProfileRows;
import io.cellchat.services.users.store.SocialStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * {@link SocialStore} on the embedded SQLite database, tables {@code contacts}, {@code invitations} and
 * {@code blocks} of {@code db/users} V2 (created by {@link SqliteAccountStore}, which must be opened first). Ties
 * to a few users are made from {@link SocialFacts} cached per user (the authorization asks for one per direct
 * message); others are read in one statement per batch of 500 users.
 */
public final class SqliteSocialStore implements SocialStore {

    private static final int CHUNK = 500;
    /** Ties to at most this many users come from the cached {@link SocialFacts}; more, from one query. */
    private static final int FROM_FACTS = 16;
    /** The bound of the cached facts: users plus their contacts and blocks (about 50 bytes each). */
    private static final long FACTS_WEIGHT = 200_000;

    private final SqliteDatabase database;
    private final SocialFacts facts;

    public SqliteSocialStore(SqliteDatabase database) {
        this.database = database;
        this.facts = new SocialFacts(database, FACTS_WEIGHT);
    }

    @Override
    public Map<Long, Tie> ties(long viewer, Collection<Long> subjects) {
        if (fromFacts(subjects)) {
            Map<Long, Tie> ties = facts.ties(viewer, subjects);
            if (ties != null) {
                return ties;
            }
        }
        return read(viewer, subjects, true);
    }

    @Override
    public @Nullable Map<Long, Tie> tiesInMemory(long viewer, Collection<Long> subjects) {
        return fromFacts(subjects) ? facts.tiesInMemory(viewer, subjects) : null;
    }

    private static boolean fromFacts(Collection<Long> subjects) {
        return !subjects.isEmpty() && subjects.size() <= FROM_FACTS;
    }

    @Override
    public Map<Long, Tie> audience(long subject, Collection<Long> viewers) {
        return read(subject, viewers, false);
    }

    /**
     * Ties between {@code one} and each of {@code others}: viewed from {@code one} ({@code oneViews}) or from each
     * of the others toward {@code one}.
     */
    private Map<Long, Tie> read(long one, Collection<Long> others, boolean oneViews) {
        if (others.isEmpty()) {
            return Map.of();
        }
        return database.read(connection -> {
            Map<Long, Tie> ties = new HashMap<>();
            PrivacySettings oneSettings = oneViews ? PrivacySettings.DEFAULTS : settings(connection, one);
            List<Long> ids = List.copyOf(others);
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                try (PreparedStatement select = connection.prepareStatement("SELECT o.id,"
                        + " EXISTS (SELECT 1 FROM contacts c WHERE c.user_id = ? AND c.contact_id = o.id),"
                        + " EXISTS (SELECT 1 FROM blocks b WHERE b.blocker = ? AND b.blocked = o.id),"
                        + " EXISTS (SELECT 1 FROM blocks b WHERE b.blocker = o.id AND b.blocked = ?),"
                        + " u.messages_from, u.last_seen_to, u.profile_to"
                        + " FROM (" + values(chunk.size()) + ") o LEFT JOIN users u ON u.id = o.id")) {
                    select.setLong(1, one);
                    select.setLong(2, one);
                    select.setLong(3, one);
                    for (int i = 0; i < chunk.size(); i++) {
                        select.setLong(4 + i, chunk.get(i));
                    }
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            long other = rows.getLong(1);
                            boolean contacts = rows.getBoolean(2);
                            boolean oneBlocked = rows.getBoolean(3);
                            boolean otherBlocked = rows.getBoolean(4);
                            PrivacySettings otherSettings = rows.getString(5) == null ? PrivacySettings.DEFAULTS
                                    : ProfileRows.settings(rows, 5);
                            ties.put(other, oneViews
                                    ? new Tie(contacts, otherBlocked, oneBlocked, otherSettings)
                                    : new Tie(contacts, oneBlocked, otherBlocked, oneSettings));
                        }
                    }
                }
            }
            return ties;
        });
    }

    /** {@code SELECT ? AS id UNION ALL SELECT ? ...}: the IDs as a table. */
    private static String values(int count) {
        return "SELECT ? AS id" + " UNION ALL SELECT ?".repeat(count - 1);
    }

    private static PrivacySettings settings(Connection connection, long userId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT messages_from, last_seen_to, profile_to FROM users WHERE id = ?")) {
            select.setLong(1, userId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? ProfileRows.settings(row, 1) : PrivacySettings.DEFAULTS;
            }
        }
    }

    @Override
    public CompletableFuture<Invited> invite(long inviter, long invitee, Instant at) {
        return database.writer().submit(connection -> {
            if (exists(connection, "SELECT 1 FROM contacts WHERE user_id = ? AND contact_id = ?", inviter, invitee)
                    || exists(connection, "SELECT 1 FROM invitations WHERE inviter = ? AND invitee = ?", inviter,
                    invitee)) {
                return Invited.UNCHANGED;
            }
            if (update(connection, "DELETE FROM invitations WHERE inviter = ? AND invitee = ?", invitee, inviter) > 0) {
                addContact(connection, inviter, invitee, at);
                return Invited.ACCEPTED;
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO invitations (inviter, invitee, created_at) VALUES (?, ?, ?)")) {
                insert.setLong(1, inviter);
                insert.setLong(2, invitee);
                insert.setLong(3, at.toEpochMilli());
                insert.executeUpdate();
            }
            return Invited.SENT;
        }, ignored -> {});
    }

    @Override
    public CompletableFuture<Boolean> accept(long invitee, long inviter, Instant at) {
        return database.writer().submit(connection -> {
            if (update(connection, "DELETE FROM invitations WHERE inviter = ? AND invitee = ?", inviter, invitee) == 0) {
                return false;
            }
            addContact(connection, inviter, invitee, at);
            return true;
        }, ignored -> {});
    }

    private static void addContact(Connection connection, long a, long b, Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT OR IGNORE INTO contacts (user_id, contact_id, since) VALUES (?, ?, ?), (?, ?, ?)")) {
            insert.setLong(1, a);
            insert.setLong(2, b);
            insert.setLong(3, at.toEpochMilli());
            insert.setLong(4, b);
            insert.setLong(5, a);
            insert.setLong(6, at.toEpochMilli());
            insert.executeUpdate();
        }
    }

    @Override
    public CompletableFuture<Boolean> deleteInvitation(long inviter, long invitee) {
        return database.writer().submit(connection -> update(connection,
                "DELETE FROM invitations WHERE inviter = ? AND invitee = ?", inviter, invitee) > 0, ignored -> {});
    }

    @Override
    public CompletableFuture<Boolean> removeContact(long user, long contact) {
        return database.writer().submit(connection -> removeContact(connection, user, contact), ignored -> {});
    }

    private static boolean removeContact(Connection connection, long a, long b) throws SQLException {
        return update(connection, "DELETE FROM contacts WHERE (user_id = ? AND contact_id = ?)"
                + " OR (user_id = ? AND contact_id = ?)", a, b, b, a) > 0;
    }

    @Override
    public CompletableFuture<Boolean> block(long blocker, long blocked, Instant at) {
        return database.writer().submit(connection -> {
            removeContact(connection, blocker, blocked);
            update(connection, "DELETE FROM invitations WHERE (inviter = ? AND invitee = ?)"
                    + " OR (inviter = ? AND invitee = ?)", blocker, blocked, blocked, blocker);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT OR IGNORE INTO blocks (blocker, blocked, created_at) VALUES (?, ?, ?)")) {
                insert.setLong(1, blocker);
                insert.setLong(2, blocked);
                insert.setLong(3, at.toEpochMilli());
                return insert.executeUpdate() > 0;
            }
        }, ignored -> {});
    }

    @Override
    public CompletableFuture<Boolean> unblock(long blocker, long blocked) {
        return database.writer().submit(connection -> update(connection,
                "DELETE FROM blocks WHERE blocker = ? AND blocked = ?", blocker, blocked) > 0, ignored -> {});
    }

    @Override
    public List<Link> contacts(long userId) {
        return links("SELECT contact_id, since FROM contacts WHERE user_id = ? ORDER BY since, contact_id", userId);
    }

    @Override
    public List<Link> invitationsReceived(long userId) {
        return links("SELECT i.inviter, i.created_at FROM invitations i WHERE i.invitee = ? AND NOT EXISTS"
                + " (SELECT 1 FROM blocks b WHERE b.blocker = i.invitee AND b.blocked = i.inviter)"
                + " ORDER BY i.created_at, i.inviter", userId);
    }

    @Override
    public List<Link> invitationsSent(long userId) {
        return links("SELECT invitee, created_at FROM invitations WHERE inviter = ? ORDER BY created_at, invitee",
                userId);
    }

    @Override
    public List<Link> blocked(long userId) {
        return links("SELECT blocked, created_at FROM blocks WHERE blocker = ? ORDER BY created_at, blocked", userId);
    }

    private List<Link> links(String sql, long userId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setLong(1, userId);
                List<Link> links = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        links.add(new Link(rows.getLong(1), Instant.ofEpochMilli(rows.getLong(2))));
                    }
                }
                return links;
            }
        });
    }

    private static boolean exists(Connection connection, String sql, long a, long b) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, a);
            select.setLong(2, b);
            try (ResultSet row = select.executeQuery()) {
                return row.next();
            }
        }
    }

    private static int update(Connection connection, String sql, long... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setLong(i + 1, values[i]);
            }
            return statement.executeUpdate();
        }
    }
}
