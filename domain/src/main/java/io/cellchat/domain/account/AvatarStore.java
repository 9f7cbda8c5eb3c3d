package io.cellchat.domain.account;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Port: where each user's avatar lives, already re-encoded (embedded: the users SQLite database; distributed:
 * PostgreSQL). One avatar per user. Its version is the user's {@link Profile#avatarVersion()}, stored with the
 * profile so that a profile read names the image it goes with; a new avatar always takes a version never used
 * before for that user (also after a delete), so a URL carrying the version can be cached for ever. Writes complete
 * when durable; a read after a completed write sees it.
 */
public interface AvatarStore {

    /**
     * Stores a new avatar, replacing any, under a version greater than every earlier one of the user; completes with
     * that version, or exceptionally with {@code USER_NOT_FOUND} (and nothing stored) if the user does not exist.
     */
    CompletableFuture<Long> putAvatar(long userId, String contentType, byte[] image);

    /** Removes the avatar (the profile's version becomes 0); completes with whether there was one. */
    CompletableFuture<Boolean> deleteAvatar(long userId);

    /** The user's current avatar, if any. */
    Optional<Avatar> avatar(long userId);

    /** A stored avatar: its version, its media type ({@code image/jpeg}) and its bytes. */
    record Avatar(long version, String contentType, byte[] image) {}
}
