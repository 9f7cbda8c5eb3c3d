package io.cellchat.services.users.store;

import io.cellchat.domain.account.Profile;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Port of the users service: where accounts and sessions live. Embedded: SQLite ({@code store.sqlite});
 * distributed: PostgreSQL. Writes complete when durable.
 */
public interface AccountStore {

    /** Completes exceptionally with {@code USERNAME_TAKEN} if the canonical username exists. */
    CompletableFuture<@Nullable Void> insertUser(UserRecord user);

    Optional<UserRecord> userByUsername(String canonicalUsername);

    Map<Long, Profile> profiles(Collection<Long> userIds);

    /** Users whose username or display name starts with {@code prefix}, case-insensitive, by username. */
    List<Profile> search(String prefix, int limit);

    CompletableFuture<@Nullable Void> insertSession(SessionRecord session);

    Optional<SessionRecord> session(byte[] tokenHash);

    /** Deletes a session; completes with it if it existed. */
    CompletableFuture<Optional<SessionRecord>> deleteSession(byte[] tokenHash);

    record UserRecord(long id, String username, String displayName, String passwordHash, Instant createdAt) {
        public Profile profile() {
            return new Profile(id, username, displayName);
        }

        @Override
        public String toString() {
            return "UserRecord[id=" + id + ", username=" + username + "]";
        }
    }

    record SessionRecord(byte[] tokenHash, long userId, long deviceId, String deviceName, Instant createdAt,
            Instant expiresAt) {}
}
