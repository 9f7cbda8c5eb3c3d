package io.cellchat.services.users.store.postgres;

import static io.cellchat.services.users.store.postgres.PostgresSql.instant;
import static io.cellchat.services.users.store.postgres.PostgresSql.timestamp;

import io.cellchat.services.users.store.AccountStore.AccessRecord;
import io.cellchat.services.users.store.AccountStore.DeviceRecord;
import io.cellchat.services.users.store.AccountStore.Refreshed;
import io.cellchat.services.users.store.AccountStore.Tokens;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The device sessions of {@link PostgresAccountStore}: tables {@code devices}, {@code access_tokens} and
 * {@code refresh_tokens}; a device's tokens go with it ({@code ON DELETE CASCADE}).
 *
 * <p>A refresh locks the device's row ({@code FOR UPDATE}) before it reads the token's state, so every refresh of a
 * device, and every end of it, runs one after another, as under the embedded store's single writer: of two concurrent
 * refreshes with one token, the first rotates it and the second, reading after the first committed, sees it used and
 * ends the device. Every transaction here locks the device row before its tokens, so they never deadlock.
 */
final class PostgresDevices {

    private static final String DEVICE_COLUMNS =
            "device_id, user_id, device_name, created_at, last_active_at, last_address, expires_at";

    private final PostgresSql sql;

    PostgresDevices(PostgresSql sql) {
        this.sql = sql;
    }

    CompletableFuture<@Nullable Void> insert(DeviceRecord device, Tokens tokens) {
        return sql.write(connection -> {
            insert(connection, device, tokens);
            return null;
        });
    }

    /** The device's row and its first tokens, in the caller's transaction. */
    static void insert(Connection connection, DeviceRecord device, Tokens tokens) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO devices (" + DEVICE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, device.deviceId());
            insert.setLong(2, device.userId());
            insert.setString(3, device.deviceName());
            insert.setObject(4, timestamp(device.createdAt()));
            insert.setObject(5, timestamp(device.lastActiveAt()));
            insert.setString(6, device.lastAddress());
            insert.setObject(7, timestamp(tokens.refreshExpiresAt()));
            insert.executeUpdate();
        }
        insertTokens(connection, device.deviceId(), tokens);
    }

    private static void insertTokens(Connection connection, long deviceId, Tokens tokens) throws SQLException {
        try (PreparedStatement access = connection.prepareStatement(
                "INSERT INTO access_tokens (token_hash, device_id, expires_at) VALUES (?, ?, ?)");
                PreparedStatement refresh = connection.prepareStatement(
                        "INSERT INTO refresh_tokens (token_hash, device_id, expires_at) VALUES (?, ?, ?)")) {
            access.setBytes(1, tokens.accessHash());
            access.setLong(2, deviceId);
            access.setObject(3, timestamp(tokens.accessExpiresAt()));
            access.executeUpdate();
            refresh.setBytes(1, tokens.refreshHash());
            refresh.setLong(2, deviceId);
            refresh.setObject(3, timestamp(tokens.refreshExpiresAt()));
            refresh.executeUpdate();
        }
    }

    Optional<AccessRecord> access(byte[] hash) {
        return sql.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT d.user_id, d.device_id, a.expires_at"
                    + " FROM access_tokens a JOIN devices d ON d.device_id = a.device_id WHERE a.token_hash = ?")) {
                select.setBytes(1, hash);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(new AccessRecord(row.getLong(1), row.getLong(2), instant(row, 3)))
                            : Optional.empty();
                }
            }
        });
    }

    CompletableFuture<Refreshed> refresh(byte[] hash, Tokens next, Instant now, String address) {
        return sql.write(connection -> {
            Long deviceId = deviceOf(connection, hash);
            DeviceRecord device = deviceId == null ? null : lockDevice(connection, deviceId);
            if (deviceId == null || device == null) {
                return new Refreshed.Unknown();
            }
            boolean rotated;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT rotated, expires_at FROM refresh_tokens WHERE token_hash = ?")) {
                select.setBytes(1, hash);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next() || !instant(row, 2).isAfter(now)) {
                        return new Refreshed.Unknown();
                    }
                    rotated = row.getBoolean(1);
                }
            }
            if (rotated) {
                PostgresSql.update(connection, "DELETE FROM devices WHERE device_id = ?", deviceId);
                return new Refreshed.Reused(device.userId(), deviceId);
            }
            try (PreparedStatement use = connection.prepareStatement(
                    "UPDATE refresh_tokens SET rotated = true WHERE token_hash = ?")) {
                use.setBytes(1, hash);
                use.executeUpdate();
            }
            for (String table : List.of("access_tokens", "refresh_tokens")) {
                try (PreparedStatement expired = connection.prepareStatement(
                        "DELETE FROM " + table + " WHERE device_id = ? AND expires_at <= ?")) {
                    expired.setLong(1, deviceId);
                    expired.setObject(2, timestamp(now));
                    expired.executeUpdate();
                }
            }
            insertTokens(connection, deviceId, next);
            try (PreparedStatement touch = connection.prepareStatement("UPDATE devices SET last_active_at = ?,"
                    + " last_address = ?, expires_at = ? WHERE device_id = ?")) {
                touch.setObject(1, timestamp(now));
                touch.setString(2, address);
                touch.setObject(3, timestamp(next.refreshExpiresAt()));
                touch.setLong(4, deviceId);
                touch.executeUpdate();
            }
            return new Refreshed.Rotated(new DeviceRecord(deviceId, device.userId(), device.deviceName(),
                    device.createdAt(), now, address, next.refreshExpiresAt()));
        });
    }

    /** The device a refresh token belongs to, read without a lock (a token never moves to another device). */
    private static @Nullable Long deviceOf(Connection connection, byte[] hash) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT device_id FROM refresh_tokens WHERE token_hash = ?")) {
            select.setBytes(1, hash);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getLong(1) : null;
            }
        }
    }

    private static @Nullable DeviceRecord lockDevice(Connection connection, long deviceId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + DEVICE_COLUMNS + " FROM devices WHERE device_id = ? FOR UPDATE")) {
            select.setLong(1, deviceId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? device(row) : null;
            }
        }
    }

    private static DeviceRecord device(ResultSet row) throws SQLException {
        return new DeviceRecord(row.getLong(1), row.getLong(2), row.getString(3), instant(row, 4), instant(row, 5),
                row.getString(6), instant(row, 7));
    }

    List<DeviceRecord> of(long userId) {
        return sql.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT " + DEVICE_COLUMNS
                    + " FROM devices WHERE user_id = ? ORDER BY last_active_at DESC, device_id DESC")) {
                select.setLong(1, userId);
                List<DeviceRecord> devices = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        devices.add(device(rows));
                    }
                }
                return devices;
            }
        });
    }

    CompletableFuture<Boolean> delete(long userId, long deviceId) {
        return sql.write(connection -> PostgresSql.update(connection,
                "DELETE FROM devices WHERE device_id = ? AND user_id = ?", deviceId, userId) > 0);
    }

    CompletableFuture<List<Long>> deleteExcept(long userId, long keptDeviceId) {
        return sql.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM devices WHERE user_id = ? AND device_id <> ? RETURNING device_id")) {
                delete.setLong(1, userId);
                delete.setLong(2, keptDeviceId);
                List<Long> ended = new ArrayList<>();
                try (ResultSet rows = delete.executeQuery()) {
                    while (rows.next()) {
                        ended.add(rows.getLong(1));
                    }
                }
                return ended;
            }
        });
    }
}
