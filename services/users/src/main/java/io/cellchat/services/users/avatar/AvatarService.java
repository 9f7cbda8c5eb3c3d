package io.cellchat.services.users.avatar;

import static io.cellchat.services.users.store.StoreWrites.join;
import static java.util.Objects.requireNonNull;

import io.cellchat.domain.account.AvatarStore;
import io.cellchat.domain.account.AvatarStore.Avatar;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.ratelimit.RateLimit;
import io.cellchat.services.users.auth.Throttle;
import io.cellchat.services.users.social.SocialService;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Avatars (docs/protocol.md, "Avatars"): an upload is re-encoded by {@link AvatarImages} and stored whole, or not at
 * all, in the {@link AvatarStore}; reading one asks the same question as reading the profile ("may A see B's
 * profile", {@link SocialService#profile}), so the avatar is served exactly to those whose view of the profile names
 * it. Every refusal of a read is the one {@code AVATAR_NOT_FOUND}, whether the user does not exist, has no avatar,
 * keeps it from the viewer, or the version asked for is not the current one: a guessed user ID teaches nothing.
 */
public final class AvatarService {

    private final AvatarStore store;
    private final SocialService social;
    private final AvatarImages images;
    private final Throttle throttle;
    private final RateLimit uploads;

    /**
     * @param uploads uploads per user ({@code users.avatar-uploads-*}: 10 at once, then 30 an hour by default)
     */
    public AvatarService(AvatarStore store, SocialService social, AvatarImages images, Throttle throttle,
            RateLimit uploads) {
        this.store = requireNonNull(store, "store");
        this.social = requireNonNull(social, "social");
        this.images = requireNonNull(images, "images");
        this.throttle = requireNonNull(throttle, "throttle");
        this.uploads = requireNonNull(uploads, "uploads");
    }

    /** Replaces the actor's avatar with the re-encoded {@code upload}; returns the actor's profile naming it. */
    public Profile upload(long actor, byte[] upload) {
        throttle.acquire(uploads, Long.toString(actor), "avatar uploads");
        byte[] avatar = images.reencode(upload);
        join(store.putAvatar(actor, AvatarImages.CONTENT_TYPE, avatar));
        return social.profile(actor, actor);
    }

    /** Removes the actor's avatar; removing none is a no-op. */
    public void delete(long actor) {
        join(store.deleteAvatar(actor));
    }

    /**
     * The avatar of {@code userId} as {@code viewer} may see it.
     *
     * @param version the version the URL names; empty for whatever is current
     */
    public Avatar avatar(long viewer, long userId, OptionalLong version) {
        Optional<Avatar> avatar = visibleVersion(viewer, userId) > 0 ? store.avatar(userId) : Optional.empty();
        return avatar.filter(a -> version.isEmpty() || version.getAsLong() == a.version())
                .orElseThrow(() -> new ChatException(ChatError.AVATAR_NOT_FOUND, "no avatar of user " + userId
                        + (version.isPresent() ? " at version " + version.getAsLong() : "")
                        + " that you may see"));
    }

    private long visibleVersion(long viewer, long userId) {
        try {
            return social.profile(viewer, userId).avatarVersion();
        } catch (ChatException e) {
            if (e.error() == ChatError.USER_NOT_FOUND) {
                return 0;
            }
            throw e;
        }
    }
}
