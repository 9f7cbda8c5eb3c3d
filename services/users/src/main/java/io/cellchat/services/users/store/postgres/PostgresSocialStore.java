package io.cellchat.services.users.store.postgres;

import static io.cellchat.services.users.store.postgres.PostgresSql.exists;
import static io.cellchat.services.users.store.postgres.PostgresSql.instant;
import static io.cellchat.services.users.store.postgres.PostgresSql.timestamp;
import static io.cellchat.services.users.store.postgres.PostgresSql.update;

import io.cellchat.domain.social.PrivacySettings;
import io.cellchat.domain.social.Tie;
import io.cellchat.services.users.store.ProfileRows;
import io.cellchat.services.users.store.SocialStore;
import java.sql.Array;
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
import javax.sql.DataSource;

/**
 * {@link SocialStore} on PostgreSQL: tables {@code contacts}, {@code invitations} and {@code blocks} of
 * {@code db/postgres/users}, migrated by {@link PostgresAccountStore}, which must be opened first on the same
 * database. Contacts, invitations and blocks name users without a foreign key, as a contact may live in another cell.
 *
 * <p>Every write is one transaction that first takes a transaction-scoped advisory lock on the pair of users, so the
 * writes between two users run one after another, as under the embedded store's single writer (two users inviting
 * each other at once become contacts; a block and an acceptance never interleave), while other pairs never wait.
 */
public final class PostgresSocialStore implements SocialStore, AutoCloseable {

    private final PostgresSql sql;

    /** Opens the store; {@code writers} threads run its writes. */
    public PostgresSocialStore(DataSource dataSource, int writers) {
        this.sql = new PostgresSql(dataSource, "social", writers);
    }

    @Override
    public Map<Long, Tie> ties(long viewer, Collection<Long> subjects) {
        return read(viewer, subjects, true);
    }

    @Override
    public Map<Long, Tie> audience(long subject, Collection<Long> viewers) {
        return read(subject, viewers, false);
    }

    /**
     * Ties between {@code one} and each of {@code others} in one statement: viewed from {@code one}
     * ({@code oneViews}) or from each of the others toward {@code one}.
     */
    private Map<Long, Tie> read(long one, Collection<Long> others, boolean oneViews) {
        if (others.isEmpty()) {
            return Map.of();
        }
        return sql.read(connection -> {
            PrivacySettings oneSettings = oneViews ? PrivacySettings.DEFAULTS
                    : PostgresAccountStore.settings(connection, one);
            Array ids = connection.createArrayOf("bigint", others.stream().distinct().toArray(Long[]::new));
            try (PreparedStatement select = connection.prepareStatement("SELECT o.id,"
                    + " EXISTS (SELECT 1 FROM contacts c WHERE c.user_id = ? AND c.contact_id = o.id),"
                    + " EXISTS (SELECT 1 FROM blocks b WHERE b.blocker = ? AND b.blocked = o.id),"
                    + " EXISTS (SELECT 1 FROM blocks b WHERE b.blocker = o.id AND b.blocked = ?),"
                    + " u.messages_from, u.last_seen_to, u.profile_to"
                    + " FROM unnest(?::bigint[]) AS o (id) LEFT JOIN users u ON u.id = o.id")) {
                select.setLong(1, one);
                select.setLong(2, one);
                select.setLong(3, one);
                select.setArray(4, ids);
                Map<Long, Tie> ties = new HashMap<>();
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
                return ties;
            } finally {
                ids.free();
            }
        });
    }

    @Override
    public CompletableFuture<Invited> invite(long inviter, long invitee, Instant at) {
        return pairWrite(inviter, invitee, connection -> {
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
                insert.setObject(3, timestamp(at));
                insert.executeUpdate();
            }
            return Invited.SENT;
        });
    }

    @Override
    public CompletableFuture<Boolean> accept(long invitee, long inviter, Instant at) {
        return pairWrite(invitee, inviter, connection -> {
            if (update(connection, "DELETE FROM invitations WHERE inviter = ? AND invitee = ?", inviter,
                    invitee) == 0) {
                return false;
            }
            addContact(connection, inviter, invitee, at);
            return true;
        });
    }

    private static void addContact(Connection connection, long a, long b, Instant at) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO contacts (user_id, contact_id, since)"
                + " VALUES (?, ?, ?), (?, ?, ?) ON CONFLICT DO NOTHING")) {
            insert.setLong(1, a);
            insert.setLong(2, b);
            insert.setObject(3, timestamp(at));
            insert.setLong(4, b);
            insert.setLong(5, a);
            insert.setObject(6, timestamp(at));
            insert.executeUpdate();
        }
    }

    @Override
    public CompletableFuture<Boolean> deleteInvitation(long inviter, long invitee) {
        return pairWrite(inviter, invitee, connection -> update(connection,
                "DELETE FROM invitations WHERE inviter = ? AND invitee = ?", inviter, invitee) > 0);
    }

    @Override
    public CompletableFuture<Boolean> removeContact(long user, long contact) {
        return pairWrite(user, contact, connection -> removeContact(connection, user, contact));
    }

    private static boolean removeContact(Connection connection, long a, long b) throws SQLException {
        return update(connection, "DELETE FROM contacts WHERE (user_id = ? AND contact_id = ?)"
                + " OR (user_id = ? AND contact_id = ?)", a, b, b, a) > 0;
    }

    @Override
    public CompletableFuture<Boolean> block(long blocker, long blocked, Instant at) {
        return pairWrite(blocker, blocked, connection -> {
            removeContact(connection, blocker, blocked);
            update(connection, "DELETE FROM invitations WHERE (inviter = ? AND invitee = ?)"
                    + " OR (inviter = ? AND invitee = ?)", blocker, blocked, blocked, blocker);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO blocks (blocker, blocked,"
                    + " created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
                insert.setLong(1, blocker);
                insert.setLong(2, blocked);
                insert.setObject(3, timestamp(at));
                return insert.executeUpdate() > 0;
            }
        });
    }

    @Override
    public CompletableFuture<Boolean> unblock(long blocker, long blocked) {
        return pairWrite(blocker, blocked, connection -> update(connection,
                "DELETE FROM blocks WHERE blocker = ? AND blocked = ?", blocker, blocked) > 0);
    }

    /** {@code work} in one transaction holding the advisory lock of the pair {@code a}, {@code b} (either order). */
    private <T> CompletableFuture<T> pairWrite(long a, long b, PostgresSql.Work<T> work) {
        return sql.write(connection -> {
            try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, pairKey(a, b));
                lock.execute();
            }
            return work.apply(connection);
        });
    }

    /**
     * One 64-bit key per unordered pair of users (a multiplicative mix of the two IDs); two pairs that share a key
     * only wait for each other.
     */
    static long pairKey(long a, long b) {
        long low = Math.min(a, b);
        long high = Math.max(a, b);
        long mixed = (low * 0x9E3779B97F4A7C15L) ^ Long.rotateLeft(high * 0xC2B2AE3D27D4EB4FL, 31);
        return mixed ^ (mixed >>> 29);
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

    private List<Link> links(String query, long userId) {
        return sql.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(query)) {
                select.setLong(1, userId);
                List<Link> links = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        links.add(new Link(rows.getLong(1), instant(rows, 2)));
                    }
                }
                return links;
            }
        });
    }

    /** Waits for the writes already submitted; the data source is the caller's to close. */
    @Override
    public void close() {
        sql.close();
    }
}
