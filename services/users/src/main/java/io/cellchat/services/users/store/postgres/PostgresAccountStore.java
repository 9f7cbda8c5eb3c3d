package io.cellchat.services.users.store.postgres;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.account.Profile;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.platform.postgres.PostgresDataSources;
import io.cellchat.services.users.store.AccountStore;
import io.cellchat.services.users.store.ProfileRows;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * {@link AccountStore} on PostgreSQL, for the users role of the distributed cell; schema in
 * {@code db/postgres/users} (Flyway, applied when the store opens).
 *
 * <p>Every statement runs in auto-commit: each write is one statement, durable once PostgreSQL commits it, so a
 * completed future means a committed row. Writes run on a small pool of their own (one thread per pooled connection),
 * so callers on an event loop never block on JDBC; reads run on the caller's thread, as the port wants. Uniqueness of
 * usernames is the database's: of concurrent registrations of one name, the unique constraint lets exactly one
 * through and the others get {@code USERNAME_TAKEN}.
 */
public final class PostgresAccountStore implements AccountStore, AutoCloseable {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String USERNAME_CONSTRAINT = "users_username_unique";

    private final DataSource dataSource;
    private final ExecutorService writes;

    /** Opens the store on a pooled data source of {@code poolSize} connections, after applying the migrations. */
    public PostgresAccountStore(DataSource dataSource, int poolSize) {
        this.dataSource = requireNonNull(dataSource, "dataSource");
        PostgresDataSources.migrate(dataSource, "users");
        this.writes = Executors.newFixedThreadPool(poolSize,
                Thread.ofPlatform().name("users-postgres-", 0).daemon(true).factory());
    }

    @Override
    public CompletableFuture<@Nullable Void> insertUser(UserRecord user) {
        return write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO users (id, username, display_name, search_name, password_hash, created_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, user.id());
                insert.setString(2, user.username());
                insert.setString(3, user.displayName());
                insert.setString(4, ProfileRows.searchName(user.displayName()));
                insert.setString(5, user.passwordHash());
                insert.setObject(6, timestamp(user.createdAt()));
                insert.executeUpdate();
            } catch (SQLException e) {
                if (UNIQUE_VIOLATION.equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains(USERNAME_CONSTRAINT)) {
                    throw new ChatException(ChatError.USERNAME_TAKEN, "username: " + user.username() + " is taken");
                }
                throw e;
            }
            return null;
        });
    }

    @Override
    public Optional<UserRecord> userByUsername(String canonicalUsername) {
        return read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, username, display_name, password_hash, created_at FROM users WHERE username = ?")) {
                select.setString(1, canonicalUsername);
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
    public Map<Long, Profile> profiles(Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return read(connection -> {
            Array ids = connection.createArrayOf("bigint", userIds.stream().distinct().toArray(Long[]::new));
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, username, display_name FROM users WHERE id = ANY (?)")) {
                select.setArray(1, ids);
                Map<Long, Profile> profiles = new HashMap<>();
                ProfileRows.read(select, profiles);
                return profiles;
            } finally {
                ids.free();
            }
        });
    }

    @Override
    public List<Profile> search(String prefix, int limit) {
        String pattern = ProfileRows.prefixPattern(prefix);
        return read(connection -> {
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
        return write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO sessions (token_hash, user_id, device_id, device_name, created_at, expires_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setBytes(1, session.tokenHash());
                insert.setLong(2, session.userId());
                insert.setLong(3, session.deviceId());
                insert.setString(4, session.deviceName());
                insert.setObject(5, timestamp(session.createdAt()));
                insert.setObject(6, timestamp(session.expiresAt()));
                insert.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Optional<SessionRecord> session(byte[] tokenHash) {
        return read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT user_id, device_id, device_name, created_at, expires_at FROM sessions"
                            + " WHERE token_hash = ?")) {
                select.setBytes(1, tokenHash);
                return oneSession(select, tokenHash);
            }
        });
    }

    @Override
    public CompletableFuture<Optional<SessionRecord>> deleteSession(byte[] tokenHash) {
        return write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM sessions WHERE token_hash = ?"
                            + " RETURNING user_id, device_id, device_name, created_at, expires_at")) {
                delete.setBytes(1, tokenHash);
                return oneSession(delete, tokenHash);
            }
        });
    }

    private static Optional<SessionRecord> oneSession(PreparedStatement statement, byte[] tokenHash)
            throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            return Optional.of(new SessionRecord(tokenHash, row.getLong(1), row.getLong(2), row.getString(3),
                    instant(row, 4), instant(row, 5)));
        }
    }

    /** Whether a connection answers; for readiness checks. */
    public boolean isHealthy() {
        try (Connection connection = dataSource.getConnection()) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /** Waits for the writes already submitted; the data source is the caller's to close. */
    @Override
    public void close() {
        writes.close();
    }

    @FunctionalInterface
    private interface Sql<T extends @Nullable Object> {
        T apply(Connection connection) throws SQLException;
    }

    private <T extends @Nullable Object> T read(Sql<T> query) {
        try (Connection connection = dataSource.getConnection()) {
            return query.apply(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("users store read failed: " + e.getMessage(), e);
        }
    }

    private <T extends @Nullable Object> CompletableFuture<T> write(Sql<T> statement) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return statement.apply(connection);
            } catch (SQLException e) {
                throw new IllegalStateException("users store write failed: " + e.getMessage(), e);
            }
        }, writes);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, int column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }
}
