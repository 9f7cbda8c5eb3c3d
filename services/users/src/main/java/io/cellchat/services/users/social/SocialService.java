package io.cellchat.services.users.social;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.account.Profile;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.social.Authorization;
import io.cellchat.domain.social.PrivacySettings;
import io.cellchat.services.users.store.AccountStore;
import io.cellchat.services.users.store.SocialStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * What a user decides about others: blocks and privacy settings (docs/protocol.md, "Authorization"). The decisions
 * are stored here; what they allow is {@link Authorization}'s to answer, for every API. A block takes effect on the
 * next request of the blocked user (each request reads the facts afresh); it also ends any contact and invitation
 * between the two, in the same transaction.
 */
public final class SocialService {

    private final AccountStore accounts;
    private final SocialStore social;
    private final Authorization authorization;
    private final Clock clock;

    public SocialService(AccountStore accounts, SocialStore social, Authorization authorization, Clock clock) {
        this.accounts = requireNonNull(accounts, "accounts");
        this.social = requireNonNull(social, "social");
        this.authorization = requireNonNull(authorization, "authorization");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Blocks {@code user}; blocking twice is a no-op. */
    public void block(long actor, long user) {
        requireOther(actor, user);
        join(social.block(actor, user, clock.instant()));
    }

    /** Lifts a block; lifting one that is not there is a no-op. */
    public void unblock(long actor, long user) {
        requireOther(actor, user);
        join(social.unblock(actor, user));
    }

    /** The users {@code actor} blocked, oldest block first. */
    public List<Profile> blocked(long actor) {
        List<Long> ids = social.blocked(actor).stream().map(SocialStore.Link::userId).toList();
        Map<Long, Profile> profiles = accounts.profiles(ids);
        return ids.stream().map(profiles::get).filter(java.util.Objects::nonNull).map(Profile::card).toList();
    }

    public PrivacySettings privacy(long actor) {
        return accounts.privacy(actor);
    }

    public void setPrivacy(long actor, PrivacySettings settings) {
        join(accounts.updatePrivacy(actor, settings));
    }

    /** A user's profile as {@code viewer} may see it (rule 7), or {@code USER_NOT_FOUND}. */
    public Profile profile(long viewer, long userId) {
        Profile profile = accounts.profiles(List.of(userId)).get(userId);
        if (profile == null) {
            throw new ChatException(ChatError.USER_NOT_FOUND, "no user " + userId);
        }
        return authorization.profileFor(viewer, profile);
    }

    private void requireOther(long actor, long user) {
        if (user == actor) {
            throw new ChatException(ChatError.INVALID_ARGUMENT, "user_id: " + user + " is you (expected: another user)");
        }
        if (accounts.user(user).isEmpty()) {
            throw new ChatException(ChatError.USER_NOT_FOUND, "no user " + user);
        }
    }

    private static <T extends @Nullable Object> T join(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
