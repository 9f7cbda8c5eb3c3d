package io.cellchat.services.users.store.sqlite;

import io.cellchat.platform.sqlite.SqliteDatabase;
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
 * The device sessions of {@link SqliteAccountStore}: tables {@code devices}, {@code access_tokens} and
 * {@code refresh_tokens} (V2). A refresh is one transaction of the single writer, so two refreshes with the same
 * token cannot both rotate it: the second sees it used and ends the device.
 */
final class SqliteDevices {

    private static final String DEVICE_COLUMNS =
            "device_id, user_id, device_name, created_at, last_active_at, last_address, expires_at";

    private final SqliteDatabase database;

    SqliteDevices(SqliteDatabase database) {
        this.database = database;
    }

    CompletableFuture<@Nullable Void> insert(DeviceRecord device, Tokens tokens) {
        return database.writer().submit(connection -> {
            insert(connection, device, tokens);
            return null;
        }, ignored -> {});
    }

    /** The device's row and its first tokens, in the caller's transaction. */
    static void insert(Connection connection, DeviceRecord device, Tokens tokens) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO devices (" + DEVICE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, device.deviceId());
            insert.setLong(2, device.userId());
            insert.setString(3, device.deviceName());
            insert.setLong(4, device.createdAt().toEpochMilli());
            insert.setLong(5, device.lastActiveAt().toEpochMilli());
            insert.setString(6, device.lastAddress());
            insert.setLong(7, tokens.refreshExpiresAt().toEpochMilli());
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
            access.setLong(3, tokens.accessExpiresAt().toEpochMilli());
            access.executeUpdate();
            refresh.setBytes(1, tokens.refreshHash());
            refresh.setLong(2, deviceId);
            refresh.setLong(3, tokens.refreshExpiresAt().toEpochMilli());
            refresh.executeUpdate();
        }
    }

    Optional<AccessRecord> access(byte[] hash) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT d.user_id, d.device_id, a.expires_at"
                    + " FROM access_tokens a JOIN devices d ON d.device_id = a.device_id WHERE a.token_hash = ?")) {
                select.setBytes(1, hash);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(new AccessRecord(row.getLong(1), row.getLong(2),
                            Instant.ofEpochMilli(row.getLong(3)))) : Optional.empty();
                }
            }
        });
    }

    CompletableFuture<Refreshed> refresh(byte[] hash, Tokens next, Instant now, String address) {
        return database.writer().submit(connection -> {
            long deviceId;
            boolean rotated;
            long expiresAt;
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT device_id, rotated, expires_at FROM refresh_tokens WHERE token_hash = ?")) {
                select.setBytes(1, hash);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return new Refreshed.Unknown();
                    }
                    deviceId = row.getLong(1);
                    rotated = row.getInt(2) != 0;
                    expiresAt = row.getLong(3);
                }
            }
            DeviceRecord device = device(connection, deviceId);
            if (device == null || expiresAt <= now.toEpochMilli()) {
                return new Refreshed.Unknown();
            }
            if (rotated) {
                deleteDevice(connection, deviceId);
                return new Refreshed.Reused(device.userId(), deviceId);
            }
            try (PreparedStatement use = connection.prepareStatement(
                    "UPDATE refresh_tokens SET rotated = 1 WHERE token_hash = ?")) {
                use.setBytes(1, hash);
                use.executeUpdate();
            }
            long nowMs = now.toEpochMilli();
            try (PreparedStatement expired = connection.prepareStatement(
                    "DELETE FROM access_tokens WHERE device_id = ? AND expires_at <= ?");
                    PreparedStatement old = connection.prepareStatement(
                            "DELETE FROM refresh_tokens WHERE device_id = ? AND expires_at <= ?")) {
                expired.setLong(1, deviceId);
                expired.setLong(2, nowMs);
                expired.executeUpdate();
                old.setLong(1, deviceId);
                old.setLong(2, nowMs);
                old.executeUpdate();
            }
            insertTokens(connection, deviceId, next);
            try (PreparedStatement touch = connection.prepareStatement("UPDATE devices SET last_active_at = ?,"
                    + " last_address = ?, expires_at = ? WHERE device_id = ?")) {
                touch.setLong(1, nowMs);
                touch.setString(2, address);
                touch.setLong(3, next.refreshExpiresAt().toEpochMilli());
                touch.setLong(4, deviceId);
                touch.executeUpdate();
            }
            return new Refreshed.Rotated(new DeviceRecord(deviceId, device.userId(), device.deviceName(),
                    device.createdAt(), now, address, next.refreshExpiresAt()));
        }, ignored -> {});
    }

    private static @Nullable DeviceRecord device(Connection connection, long deviceId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT " + DEVICE_COLUMNS + " FROM devices WHERE device_id = ?")) {
            select.setLong(1, deviceId);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? device(row) : null;
            }
        }
    }

    private static DeviceRecord device(ResultSet row) throws SQLException {
        return new DeviceRecord(row.getLong(1), row.getLong(2), row.getString(3), Instant.ofEpochMilli(row.getLong(4)),
                Instant.ofEpochMilli(row.getLong(5)), row.getString(6), Instant.ofEpochMilli(row.getLong(7)));
    }

    List<DeviceRecord> of(long userId) {
        return database.read(connection -> {
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
        return database.writer().submit(connection -> {
            DeviceRecord device = device(connection, deviceId);
            if (device == null || device.userId() != userId) {
                return false;
            }
            deleteDevice(connection, deviceId);
            return true;
        }, ignored -> {});
    }

    CompletableFuture<List<Long>> deleteExcept(long userId, long keptDeviceId) {
        return database.writer().submit(connection -> {
            List<Long> ended = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT device_id FROM devices WHERE user_id = ? AND device_id <> ?")) {
                select.setLong(1, userId);
                select.setLong(2, keptDeviceId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        ended.add(rows.getLong(1));
                    }
                }
            }
            for (long deviceId : ended) {
                deleteDevice(connection, deviceId);
            }
            return ended;
        }, ignored -> {});
    }

    private static void deleteDevice(Connection connection, long deviceId) throws SQLException {
        for (String table : List.of("access_tokens", "refresh_tokens", "devices")) {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM " + table + " WHERE device_id = ?")) {
                delete.setLong(1, deviceId);
                delete.executeUpdate();
            }
        }
    }
}
