package io.cellchat.services.users.store.postgres;

import static io.cellchat.services.users.store.postgres.PostgresSql.instant;
import static io.cellchat.services.users.store.postgres.PostgresSql.timestamp;

import io.cellchat.domain.account.AccountRules;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.social.PrivacySettings;
import io.cellchat.platform.postgres.PostgresDataSources;
import io.cellchat.services.users.store.AccountStore;
import io.cellchat.services.users.store.ProfileRows;
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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AccountStore} on PostgreSQL, for the users role of the distributed cell; schema in
 * {@code db/postgres/users} (Flyway, history table {@code schema_history_users}, applied when the store opens).
 * Devices and tokens are {@link PostgresDevices}'; this class keeps the users, their profiles and settings, and
 * search (avatars, in the same schema, are {@link PostgresAvatarStore}'s).
 *
 * <p>Usernames are unique by constraint: of concurrent registrations of one name, exactly one commits and the others
 * get {@code USERNAME_TAKEN}. Search matches the same stored search keys as the embedded adapter, through pg_trgm GIN
 * indexes on them, so both adapters return the same users in the same order. Reads run on the caller's thread,
 * writes as transactions on a few threads of their own ({@link PostgresSql}).
 */
public final class PostgresAccountStore implements AccountStore, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresAccountStore.class);

    private static final String USERNAME_CONSTRAINT = "users_username_unique";

    private final PostgresSql sql;
    private final PostgresDevices devices;

    /** Opens the store after applying the migrations; {@code writers} threads run its writes (at most the pool). */
    public PostgresAccountStore(DataSource dataSource, int writers) {
        PostgresDataSources.migrate(dataSource, "users");
        this.sql = new PostgresSql(dataSource, "users", writers);
        this.devices = new PostgresDevices(sql);
        warnIfTrigramsSkipNonLatinLetters();
    }

    /**
     * pg_trgm takes only the letters of the database's {@code LC_CTYPE} into trigrams: with {@code C} it skips every
     * non-ASCII letter, so a search for a Cyrillic or Greek name still finds the right users but scans the whole
     * index. Says so once at start (docs/design/storage.md: create the database with a UTF-8 ctype).
     */
    private void warnIfTrigramsSkipNonLatinLetters() {
        sql.read(connection -> {
            try (PreparedStatement check = connection.prepareStatement(
                    "SELECT cardinality(show_trgm(?)), current_setting('lc_ctype')")) {
                check.setString(1, "\u0436\u0435\u043d\u044f"); // a Cyrillic name
                try (ResultSet row = check.executeQuery()) {
                    if (row.next() && row.getInt(1) == 0) {
                        LOG.warn("PostgreSQL database ctype {} leaves non-Latin letters out of trigrams: search for"
                                + " such names works but scans the whole index; create the database with"
                                + " LC_CTYPE 'C.UTF-8' (docs/design/storage.md)", row.getString(2));
                    }
                }
            }
            return null;
        });
    }

    /** A second insert of a username waits for the first to commit, then changes nothing and is refused. */
    @Override
    public CompletableFuture<@Nullable Void> insertUser(UserRecord user) {
        return sql.write(connection -> {
            insert(connection, user);
            return null;
        });
    }

    @Override
    public CompletableFuture<@Nullable Void> insertUserWithDevice(UserRecord user, DeviceRecord device,
            Tokens tokens) {
        return sql.write(connection -> {
            insert(connection, user);
            PostgresDevices.insert(connection, device, tokens);
            return null;
        });
    }

    private static void insert(Connection connection, UserRecord user) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO users (id, username,"
                + " display_name, password_hash, created_at, username_key, name_key) VALUES (?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT ON CONSTRAINT " + USERNAME_CONSTRAINT + " DO NOTHING")) {
            insert.setLong(1, user.id());
            insert.setString(2, user.username());
            insert.setString(3, user.displayName());
            insert.setString(4, user.passwordHash());
            insert.setObject(5, timestamp(user.createdAt()));
            insert.setString(6, AccountRules.searchKey(user.username()));
            insert.setString(7, AccountRules.searchKey(user.displayName()));
            if (insert.executeUpdate() == 0) {
                throw taken(user);
            }
        }
    }

    private static ChatException taken(UserRecord user) {
        return new ChatException(ChatError.USERNAME_TAKEN, "username: " + user.username() + " is taken");
    }

    @Override
    public Optional<UserRecord> userByUsername(String canonicalUsername) {
        return selectUser("username = ?", statement -> statement.setString(1, canonicalUsername));
    }

    @Override
    public Optional<UserRecord> user(long userId) {
        return selectUser("id = ?", statement -> statement.setLong(1, userId));
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private Optional<UserRecord> selectUser(String where, Binder binder) {
        return sql.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, username, display_name, password_hash, created_at FROM users WHERE " + where)) {
                binder.bind(select);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new UserRecord(row.getLong(1), row.getString(2), row.getString(3),
                            row.getString(4), instant(row, 5)));
                }
            }
        });
    }

    @Override
    public CompletableFuture<@Nullable Void> updatePassword(long userId, String passwordHash) {
        return sql.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE users SET password_hash = ? WHERE id = ?")) {
                update.setString(1, passwordHash);
                update.setLong(2, userId);
                requireOneRow(update.executeUpdate(), userId);
            }
            return null;
        });
    }

    @Override
    public CompletableFuture<Profile> updateProfile(long userId, String displayName, String bio) {
        return sql.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE users u SET display_name = ?,"
                    + " name_key = ?, bio = ? WHERE u.id = ? RETURNING " + ProfileRows.COLUMNS)) {
                update.setString(1, displayName);
                update.setString(2, AccountRules.searchKey(displayName));
                update.setString(3, bio);
                update.setLong(4, userId);
                try (ResultSet row = update.executeQuery()) {
                    if (!row.next()) {
                        throw new ChatException(ChatError.USER_NOT_FOUND, "no user " + userId);
                    }
                    return ProfileRows.profile(row);
                }
            }
        });
    }

    @Override
    public CompletableFuture<@Nullable Void> updatePrivacy(long userId, PrivacySettings settings) {
        return sql.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE users SET messages_from = ?, last_seen_to = ?, profile_to = ? WHERE id = ?")) {
                update.setString(1, settings.messages().name());
                update.setString(2, settings.lastSeen().name());
                update.setString(3, settings.profile().name());
                update.setLong(4, userId);
                requireOneRow(update.executeUpdate(), userId);
            }
            return null;
        });
    }

    @Override
    public PrivacySettings privacy(long userId) {
        return sql.read(connection -> settings(connection, userId));
    }

    static PrivacySettings settings(Connection connection, long userId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT messages_from, last_seen_to, profile_to FROM users WHERE id = ?")) {
            select.setLong(1, userId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? ProfileRows.settings(row, 1) : PrivacySettings.DEFAULTS;
            }
        }
    }

    @Override
    public Map<Long, Profile> profiles(Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return sql.read(connection -> {
            Array ids = connection.createArrayOf("bigint", userIds.stream().distinct().toArray(Long[]::new));
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + ProfileRows.COLUMNS + " FROM users u WHERE u.id = ANY (?)")) {
                select.setArray(1, ids);
                Map<Long, Profile> profiles = new HashMap<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Profile profile = ProfileRows.profile(rows);
                        profiles.put(profile.userId(), profile);
                    }
                }
                return profiles;
            } finally {
                ids.free();
            }
        });
    }

    /**
     * Both LIKE conditions are answered by the trigram indexes (a bitmap OR of the two), for a key of three or more
     * characters ({@link AccountRules#MIN_SEARCH}); wildcards in the key are taken literally.
     */
    @Override
    public List<Profile> search(long searcher, String key, int offset, int limit) {
        String like = ProfileRows.likeLiteral(key);
        return sql.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + ProfileRows.COLUMNS
                    + " FROM users u"
                    + " WHERE (u.username_key LIKE ? ESCAPE '\\' OR u.name_key LIKE ? ESCAPE '\\')"
                    + "   AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker = u.id AND b.blocked = ?)"
                    + " ORDER BY CASE WHEN u.username_key = ? THEN 0 WHEN u.username_key LIKE ? ESCAPE '\\' THEN 1"
                    + " ELSE 2 END, u.username LIMIT ? OFFSET ?")) {
                select.setString(1, like + "%");
                select.setString(2, "%" + like + "%");
                select.setLong(3, searcher);
                select.setString(4, key);
                select.setString(5, like + "%");
                select.setInt(6, limit);
                select.setInt(7, offset);
                List<Profile> found = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        found.add(ProfileRows.profile(rows));
                    }
                }
                return found;
            }
        });
    }

    private static void requireOneRow(int rows, long userId) {
        if (rows != 1) {
            throw new ChatException(ChatError.USER_NOT_FOUND, "no user " + userId);
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Devices and tokens: PostgresDevices
    // ------------------------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<@Nullable Void> insertDevice(DeviceRecord device, Tokens tokens) {
        return devices.insert(device, tokens);
    }

    @Override
    public Optional<AccessRecord> access(byte[] accessTokenHash) {
        return devices.access(accessTokenHash);
    }

    @Override
    public CompletableFuture<Refreshed> refresh(byte[] refreshTokenHash, Tokens next, Instant now, String address) {
        return devices.refresh(refreshTokenHash, next, now, address);
    }

    @Override
    public List<DeviceRecord> devices(long userId) {
        return devices.of(userId);
    }

    @Override
    public CompletableFuture<Boolean> deleteDevice(long userId, long deviceId) {
        return devices.delete(userId, deviceId);
    }

    @Override
    public CompletableFuture<List<Long>> deleteDevicesExcept(long userId, long keptDeviceId) {
        return devices.deleteExcept(userId, keptDeviceId);
    }

    /** Waits for the writes already submitted; the data source is the caller's to close. */
    @Override
    public void close() {
        sql.close();
    }
}
