package io.cellchat.services.users.store.sqlite;

import io.cellchat.domain.account.AvatarStore;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.platform.sqlite.SqliteDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@link AvatarStore} in the users SQLite database, beside the accounts ({@link SqliteAccountStore} migrates the
 * schema, {@code db/users} V2): the image in {@code avatars}, its version in {@code users.avatar_version}, changed in
 * one transaction so a profile never names an image that is not stored. Without an avatar the column keeps the last
 * version as a negative number, so the next avatar takes a version never served before (a cached old image can
 * never pass for a new one); profiles read it as 0.
 */
public final class SqliteAvatarStore implements AvatarStore {

    private final SqliteDatabase database;

    /** On a database {@link SqliteAccountStore} has migrated. */
    public SqliteAvatarStore(SqliteDatabase database) {
        this.database = database;
    }

    @Override
    public CompletableFuture<Long> putAvatar(long userId, String contentType, byte[] image) {
        return database.writer().submit(connection -> {
            long version;
            try (PreparedStatement next = connection.prepareStatement(
                    "UPDATE users SET avatar_version = abs(avatar_version) + 1 WHERE id = ? RETURNING avatar_version")) {
                next.setLong(1, userId);
                try (ResultSet row = next.executeQuery()) {
                    if (!row.next()) {
                        throw new ChatException(ChatError.USER_NOT_FOUND, "no user " + userId);
                    }
                    version = row.getLong(1);
                }
            }
            try (PreparedStatement put = connection.prepareStatement("INSERT INTO avatars (user_id, version,"
                    + " content_type, image) VALUES (?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
                    + " version = excluded.version, content_type = excluded.content_type, image = excluded.image")) {
                put.setLong(1, userId);
                put.setLong(2, version);
                put.setString(3, contentType);
                put.setBytes(4, image);
                put.executeUpdate();
            }
            return version;
        }, ignored -> {});
    }

    @Override
    public CompletableFuture<Boolean> deleteAvatar(long userId) {
        return database.writer().submit(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM avatars WHERE user_id = ?")) {
                delete.setLong(1, userId);
                if (delete.executeUpdate() == 0) {
                    return false;
                }
            }
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE users SET avatar_version = -abs(avatar_version) WHERE id = ?")) {
                update.setLong(1, userId);
                update.executeUpdate();
            }
            return true;
        }, ignored -> {});
    }

    @Override
    public Optional<Avatar> avatar(long userId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT version, content_type, image FROM avatars WHERE user_id = ?")) {
                select.setLong(1, userId);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(new Avatar(row.getLong(1), row.getString(2), row.getBytes(3)))
                            : Optional.empty();
                }
            }
        });
    }
}
