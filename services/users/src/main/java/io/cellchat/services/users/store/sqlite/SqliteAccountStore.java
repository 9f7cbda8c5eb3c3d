package io.cellchat.services.users.store.sqlite;

import io.cellchat.domain.account.AccountRules;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.social.PrivacySettings;
import io.cellchat.platform.sqlite.SqliteDatabase;
import io.cellchat.services.users.store.AccountStore;
import io.cellchat.services.users.store.ProfileRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * {@link AccountStore} on the embedded SQLite database; schema in {@code db/users} (V2 has the devices, tokens,
 * profiles and the trigram search table). Devices and tokens are {@link SqliteDevices}'; this class keeps the
 * users, their profiles and settings, and search; avatars are {@link SqliteAvatarStore}'s.
 */
public final class SqliteAccountStore implements AccountStore {

    private final SqliteDatabase database;
    private final SqliteDevices devices;

    public SqliteAccountStore(SqliteDatabase database) {
        this.database = database;
        database.migrate("users");
        this.devices = new SqliteDevices(database);
        indexUsersOfEarlierVersions();
    }

    /** Users registered before the search table existed get their search row (once; a no-op afterwards). */
    private void indexUsersOfEarlierVersions() {
        database.writer().submit(connection -> {
            List<Object[]> missing = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT id, username, display_name FROM users"
                    + " WHERE id NOT IN (SELECT rowid FROM user_search)");
                    ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    missing.add(new Object[] {rows.getLong(1), rows.getString(2), rows.getString(3)});
                }
            }
            for (Object[] user : missing) {
                index(connection, (Long) user[0], (String) user[1], (String) user[2]);
            }
            return null;
        }, ignored -> {}).join();
    }

    @Override
    public CompletableFuture<@Nullable Void> insertUser(UserRecord user) {
        return database.writer().submit(connection -> {
            insert(connection, user);
            return null;
        }, ignored -> {});
    }

    @Override
    public CompletableFuture<@Nullable Void> insertUserWithDevice(UserRecord user, DeviceRecord device,
            Tokens tokens) {
        return database.writer().submit(connection -> {
            insert(connection, user);
            SqliteDevices.insert(connection, device, tokens);
            return null;
        }, ignored -> {});
    }

    private static void insert(Connection connection, UserRecord user) throws SQLException {
        try (PreparedStatement taken = connection.prepareStatement("SELECT 1 FROM users WHERE username = ?")) {
            taken.setString(1, user.username());
            if (taken.executeQuery().next()) {
                throw new ChatException(ChatError.USERNAME_TAKEN, "username: " + user.username() + " is taken");
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO users (id, username, display_name, search_name, password_hash, created_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, user.id());
            insert.setString(2, user.username());
            insert.setString(3, user.displayName());
            insert.setString(4, AccountRules.searchKey(user.displayName()));
            insert.setString(5, user.passwordHash());
            insert.setLong(6, user.createdAt().toEpochMilli());
            insert.executeUpdate();
        }
        index(connection, user.id(), user.username(), user.displayName());
    }

    private static void index(Connection connection, long userId, String username, String displayName)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM user_search WHERE rowid = ?")) {
            delete.setLong(1, userId);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO user_search (rowid, username_key, name_key) VALUES (?, ?, ?)")) {
            insert.setLong(1, userId);
            insert.setString(2, AccountRules.searchKey(username));
            insert.setString(3, AccountRules.searchKey(displayName));
            insert.executeUpdate();
        }
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
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, username, display_name, password_hash, created_at FROM users WHERE " + where)) {
                binder.bind(select);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new UserRecord(row.getLong(1), row.getString(2), row.getString(3),
                            row.getString(4), Instant.ofEpochMilli(row.getLong(5))));
                }
            }
        });
    }

    @Override
    public CompletableFuture<@Nullable Void> updatePassword(long userId, String passwordHash) {
        return database.writer().submit(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE users SET password_hash = ? WHERE id = ?")) {
                update.setString(1, passwordHash);
                update.setLong(2, userId);
                requireOneRow(update.executeUpdate(), userId);
            }
            return null;
        }, ignored -> {});
    }

    @Override
    public CompletableFuture<Profile> updateProfile(long userId, String displayName, String bio) {
        return database.writer().submit(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE users SET display_name = ?, search_name = ?, bio = ? WHERE id = ?")) {
                update.setString(1, displayName);
                update.setString(2, AccountRules.searchKey(displayName));
                update.setString(3, bio);
                update.setLong(4, userId);
                requireOneRow(update.executeUpdate(), userId);
            }
            Profile profile = profiles(connection, List.of(userId)).get(userId);
            if (profile == null) {
                throw new ChatException(ChatError.USER_NOT_FOUND, "no user " + userId);
            }
            index(connection, userId, profile.username(), displayName);
            return profile;
        }, ignored -> {});
    }

    @Override
    public CompletableFuture<@Nullable Void> updatePrivacy(long userId, PrivacySettings settings) {
        return database.writer().submit(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE users SET messages_from = ?, last_seen_to = ?, profile_to = ? WHERE id = ?")) {
                update.setString(1, settings.messages().name());
                update.setString(2, settings.lastSeen().name());
                update.setString(3, settings.profile().name());
                update.setLong(4, userId);
                requireOneRow(update.executeUpdate(), userId);
            }
            return null;
        }, ignored -> {});
    }

    @Override
    public PrivacySettings privacy(long userId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT messages_from, last_seen_to, profile_to FROM users WHERE id = ?")) {
                select.setLong(1, userId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? ProfileRows.settings(row, 1) : PrivacySettings.DEFAULTS;
                }
            }
        });
    }

    @Override
    public Map<Long, Profile> profiles(Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return database.read(connection -> profiles(connection, userIds));
    }

    private static Map<Long, Profile> profiles(Connection connection, Collection<Long> userIds) throws SQLException {
        Map<Long, Profile> profiles = new HashMap<>();
        List<Long> ids = List.copyOf(userIds);
        for (int from = 0; from < ids.size(); from += 500) {
            List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
            try (PreparedStatement select = connection.prepareStatement("SELECT " + ProfileRows.COLUMNS
                    + " FROM users u WHERE u.id IN (" + String.join(",", Collections.nCopies(chunk.size(), "?"))
                    + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    select.setLong(i + 1, chunk.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Profile profile = ProfileRows.profile(rows);
                        profiles.put(profile.userId(), profile);
                    }
                }
            }
        }
        return profiles;
    }

    /**
     * The trigram index finds every row whose username or display name contains the key (a phrase query of FTS5's
     * trigram tokenizer); the WHERE clause keeps username prefixes and display-name matches, the ORDER BY ranks.
     */
    @Override
    public List<Profile> search(long searcher, String key, int offset, int limit) {
        String phrase = "\"" + key.replace("\"", "\"\"") + "\"";
        String like = ProfileRows.likeLiteral(key);
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + ProfileRows.COLUMNS
                    + " FROM user_search s JOIN users u ON u.id = s.rowid"
                    + " WHERE user_search MATCH ?"
                    + "   AND (s.username_key LIKE ? ESCAPE '\\' OR s.name_key LIKE ? ESCAPE '\\')"
                    + "   AND NOT EXISTS (SELECT 1 FROM blocks b WHERE b.blocker = u.id AND b.blocked = ?)"
                    + " ORDER BY CASE WHEN s.username_key = ? THEN 0 WHEN s.username_key LIKE ? ESCAPE '\\' THEN 1"
                    + " ELSE 2 END, u.username LIMIT ? OFFSET ?")) {
                select.setString(1, phrase);
                select.setString(2, like + "%");
                select.setString(3, "%" + like + "%");
                select.setLong(4, searcher);
                select.setString(5, key);
                select.setString(6, like + "%");
                select.setInt(7, limit);
                select.setInt(8, offset);
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
    // Devices and tokens: SqliteDevices
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
}
