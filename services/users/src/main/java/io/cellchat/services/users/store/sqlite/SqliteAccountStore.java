package io.cellchat.services.users.store.sqlite;

import io.cellchat.domain.account.Profile;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** {@link AccountStore} on the embedded SQLite database; schema in {@code db/users}. */
public final class SqliteAccountStore implements AccountStore {

    private final SqliteDatabase database;

    public SqliteAccountStore(SqliteDatabase database) {
        this.database = database;
        database.migrate("users");
    }

    @Override
    public CompletableFuture<@Nullable Void> insertUser(UserRecord user) {
        return database.writer().submit(connection -> {
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
                insert.setString(4, ProfileRows.searchName(user.displayName()));
                insert.setString(5, user.passwordHash());
                insert.setLong(6, user.createdAt().toEpochMilli());
                insert.executeUpdate();
            }
            return null;
        }, ignored -> {});
    }

    @Override
    public Optional<UserRecord> userByUsername(String canonicalUsername) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, username, display_name, password_hash, created_at FROM users WHERE username = ?")) {
                select.setString(1, canonicalUsername);
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
    public Map<Long, Profile> profiles(Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return database.read(connection -> {
            Map<Long, Profile> profiles = new HashMap<>();
            List<Long> ids = List.copyOf(userIds);
            for (int from = 0; from < ids.size(); from += 500) {
                List<Long> chunk = ids.subList(from, Math.min(ids.size(), from + 500));
                String marks = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
                try (PreparedStatement select = connection.prepareStatement(
                        "SELECT id, username, display_name FROM users WHERE id IN (" + marks + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        select.setLong(i + 1, chunk.get(i));
                    }
                    ProfileRows.read(select, profiles);
                }
            }
            return profiles;
        });
    }

    @Override
    public List<Profile> search(String prefix, int limit) {
        String pattern = ProfileRows.prefixPattern(prefix);
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, username, display_name FROM users"
                            + " WHERE username LIKE ? ESCAPE '\\' OR search_name LIKE ? ESCAPE '\\'"
                            + " ORDER BY username LIMIT ?")) {
                select.setString(1, pattern);
                select.setString(2, pattern);
                select.setInt(3, limit);
                Map<Long, Profile> found = new java.util.LinkedHashMap<>();
                ProfileRows.read(select, found);
                return new ArrayList<>(found.values());
            }
        });
    }


    @Override
    public CompletableFuture<@Nullable Void> insertSession(SessionRecord session) {
        return database.writer().submit(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO sessions (token_hash, user_id, device_id, device_name, created_at, expires_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setBytes(1, session.tokenHash());
                insert.setLong(2, session.userId());
                insert.setLong(3, session.deviceId());
                insert.setString(4, session.deviceName());
                insert.setLong(5, session.createdAt().toEpochMilli());
                insert.setLong(6, session.expiresAt().toEpochMilli());
                insert.executeUpdate();
            }
            return null;
        }, ignored -> {});
    }

    @Override
    public Optional<SessionRecord> session(byte[] tokenHash) {
        return database.read(connection -> selectSession(connection, tokenHash));
    }

    @Override
    public CompletableFuture<Optional<SessionRecord>> deleteSession(byte[] tokenHash) {
        return database.writer().submit(connection -> {
            Optional<SessionRecord> session = selectSession(connection, tokenHash);
            if (session.isPresent()) {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM sessions WHERE token_hash = ?")) {
                    delete.setBytes(1, tokenHash);
                    delete.executeUpdate();
                }
            }
            return session;
        }, ignored -> {});
    }

    private static Optional<SessionRecord> selectSession(Connection connection, byte[] tokenHash) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT user_id, device_id, device_name, created_at, expires_at FROM sessions WHERE token_hash = ?")) {
            select.setBytes(1, tokenHash);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new SessionRecord(tokenHash, row.getLong(1), row.getLong(2), row.getString(3),
                        Instant.ofEpochMilli(row.getLong(4)), Instant.ofEpochMilli(row.getLong(5))));
            }
        }
    }
}
