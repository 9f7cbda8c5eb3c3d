package io.cellchat.services.users.store.postgres;

import io.cellchat.domain.account.AvatarStore;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.platform.postgres.PostgresDataSources;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * {@link AvatarStore} on PostgreSQL, for the users role of the distributed cell: the image in {@code avatars}, its
 * version in {@code users.avatar_version}, changed in one transaction so that a profile never names an image that is
 * not stored (schema {@code db/postgres/users}, shared with {@link PostgresAccountStore}; whichever opens first
 * applies it). Without an avatar the column keeps the last version as a negative number, so the next avatar takes a
 * version never served before, as in the embedded adapter.
 */
public final class PostgresAvatarStore implements AvatarStore, AutoCloseable {

    private final PostgresSql sql;

    /** Opens the store after applying the migrations; {@code writers} threads run its writes. */
    public PostgresAvatarStore(DataSource dataSource, int writers) {
        PostgresDataSources.migrate(dataSource, "users");
        this.sql = new PostgresSql(dataSource, "avatars", writers);
    }

    /** The version update locks the user's row, so concurrent uploads of one user take versions one after another. */
    @Override
    public CompletableFuture<Long> putAvatar(long userId, String contentType, byte[] image) {
        return sql.write(connection -> {
            long version;
            try (PreparedStatement next = connection.prepareStatement("UPDATE users"
                    + " SET avatar_version = abs(avatar_version) + 1 WHERE id = ? RETURNING avatar_version")) {
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
        });
    }

    /**
     * Locks the user's row first, as {@link #putAvatar} does, so the two never deadlock; the version turns negative
     * (see the schema) so the next avatar takes a version never served before.
     */
    @Override
    public CompletableFuture<Boolean> deleteAvatar(long userId) {
        return sql.write(connection -> {
            if (!PostgresSql.exists(connection, "SELECT 1 FROM users WHERE id = ? FOR UPDATE", userId)) {
                return false;
            }
            if (PostgresSql.update(connection, "DELETE FROM avatars WHERE user_id = ?", userId) == 0) {
                return false;
            }
            PostgresSql.update(connection, "UPDATE users SET avatar_version = -abs(avatar_version) WHERE id = ?",
                    userId);
            return true;
        });
    }

    @Override
    public Optional<Avatar> avatar(long userId) {
        return sql.read(connection -> {
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

    @Override
    public void close() {
        sql.close();
    }
}
