package io.cellchat.services.users.store;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.account.Profile;
import io.cellchat.domain.social.PrivacySettings;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Port of the users service: accounts, their profiles and settings, and their device sessions with access and
 * refresh tokens (stored as SHA-256 hashes only). Embedded: SQLite ({@code store.sqlite}); distributed: PostgreSQL.
 * Writes complete when durable; a read after a completed write sees it. Contacts and blocks are
 * {@link SocialStore}'s; avatars are {@link io.cellchat.domain.account.AvatarStore}'s (the same database, as the
 * profile carries the avatar's version).
 */
public interface AccountStore {

    /**
     * A user without a device (tests and tools; a registration is {@link #insertUserWithDevice}). Completes
     * exceptionally with {@code USERNAME_TAKEN} if the canonical username exists.
     */
    CompletableFuture<@Nullable Void> insertUser(UserRecord user);

    /**
     * A registration: the user and their first device session with its tokens, in one write, so a registration that
     * is refused ({@code USERNAME_TAKEN}) or fails stores neither, and its retry finds the username free.
     */
    CompletableFuture<@Nullable Void> insertUserWithDevice(UserRecord user, DeviceRecord device, Tokens tokens);

    Optional<UserRecord> userByUsername(String canonicalUsername);

    Optional<UserRecord> user(long userId);

    CompletableFuture<@Nullable Void> updatePassword(long userId, String passwordHash);

    /** Sets display name and bio (already validated); completes with the profile as stored. */
    CompletableFuture<Profile> updateProfile(long userId, String displayName, String bio);

    CompletableFuture<@Nullable Void> updatePrivacy(long userId, PrivacySettings settings);

    PrivacySettings privacy(long userId);

    Map<Long, Profile> profiles(Collection<Long> userIds);

    /**
     * Users whose username starts with {@code key} or whose display name contains it (both in search form,
     * {@link io.cellchat.domain.account.AccountRules#searchKey}), leaving out those who blocked {@code searcher}:
     * exact username first, then username prefixes, then display names, each by username.
     */
    List<Profile> search(long searcher, String key, int offset, int limit);

    // ------------------------------------------------------------------------------------------------------------
    // Devices and tokens
    // ------------------------------------------------------------------------------------------------------------

    /** A new device session with its first tokens. */
    CompletableFuture<@Nullable Void> insertDevice(DeviceRecord device, Tokens tokens);

    /** The device of an access token, whatever its expiry (the caller checks); empty if unknown or ended. */
    Optional<AccessRecord> access(byte[] accessTokenHash);

    /**
     * Rotates a refresh token in one transaction: if it is the device's current one and unexpired, marks it used,
     * stores {@code next} and notes the request's time and address; if it was used before, ends the device
     * (reuse); otherwise nothing.
     */
    CompletableFuture<Refreshed> refresh(byte[] refreshTokenHash, Tokens next, Instant now, String address);

    List<DeviceRecord> devices(long userId);

    /** Ends one device of a user with every token of it; completes with whether it existed. */
    CompletableFuture<Boolean> deleteDevice(long userId, long deviceId);

    /** Ends every device of a user but one; completes with the IDs ended. */
    CompletableFuture<List<Long>> deleteDevicesExcept(long userId, long keptDeviceId);

    record UserRecord(long id, String username, String displayName, String passwordHash, Instant createdAt) {
        public Profile profile() {
            return new Profile(id, username, displayName);
        }

        @Override
        public String toString() {
            return "UserRecord[id=" + id + ", username=" + username + "]";
        }
    }

    record DeviceRecord(long deviceId, long userId, String deviceName, Instant createdAt, Instant lastActiveAt,
            String lastAddress, Instant expiresAt) {
        public DeviceRecord {
            requireNonNull(deviceName, "deviceName");
            requireNonNull(lastAddress, "lastAddress");
        }
    }

    /** The hashes of an access token and a refresh token issued together, with their expiries. */
    record Tokens(byte[] accessHash, Instant accessExpiresAt, byte[] refreshHash, Instant refreshExpiresAt) {}

    record AccessRecord(long userId, long deviceId, Instant expiresAt) {}

    /** What a refresh did. */
    sealed interface Refreshed {
        /** The token was current: {@code device} as it is now, with the new tokens stored. */
        record Rotated(DeviceRecord device) implements Refreshed {}

        /** The token had been used before: the device was ended. */
        record Reused(long userId, long deviceId) implements Refreshed {}

        /** Unknown or expired: nothing changed. */
        record Unknown() implements Refreshed {}
    }
}
