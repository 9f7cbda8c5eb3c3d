package io.cellchat.services.users.social;

import static io.cellchat.services.users.store.StoreWrites.join;
import static java.util.Objects.requireNonNull;

import io.cellchat.domain.account.AccountRules;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.social.ContactState;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.social.Authorization;
import io.cellchat.domain.social.PrivacySettings;
import io.cellchat.services.users.store.AccountStore;
import io.cellchat.services.users.store.SocialStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * What a user decides about others: contacts and invitations, blocks and privacy settings (docs/protocol.md,
 * "Authorization" and "Contacts"). The decisions are stored here; what they allow is {@link Authorization}'s to
 * answer, for every API. A block takes effect on the next request of the blocked user (each request reads the facts
 * afresh); it also ends any contact and invitation between the two, in the same transaction.
 *
 * <p>Every change of a link is pushed live ({@link Push.ContactChanged}) to the devices of both users, each with
 * their own view, except what a block hides: an invitation to someone who blocked the inviter is never shown to them
 * (rule 10), and a block or unblock is pushed to the blocker only.
 */
public final class SocialService {

    private final AccountStore accounts;
    private final SocialStore social;
    private final Authorization authorization;
    private final EventBus bus;
    private final Clock clock;

    public SocialService(AccountStore accounts, SocialStore social, Authorization authorization, EventBus bus,
            Clock clock) {
        this.bus = requireNonNull(bus, "bus");
        this.accounts = requireNonNull(accounts, "accounts");
        this.social = requireNonNull(social, "social");
        this.authorization = requireNonNull(authorization, "authorization");
        this.clock = requireNonNull(clock, "clock");
    }

    /** Blocks {@code user}; blocking twice is a no-op. */
    public void block(long actor, long user) {
        requireOther(actor, user);
        if (join(social.block(actor, user, clock.instant()))) {
            push(actor, ContactState.BLOCKED, user);
        }
    }

    /** Lifts a block; lifting one that is not there is a no-op. */
    public void unblock(long actor, long user) {
        requireOther(actor, user);
        if (join(social.unblock(actor, user))) {
            push(actor, ContactState.NONE, user);
        }
    }

    /**
     * Invites {@code user} to be a contact, or accepts their invitation if they sent one; completes with the link
     * as the actor sees it now. Refused for a user the actor blocked; an invitation to someone who blocked the actor
     * looks sent but is never shown to them.
     */
    public ContactState invite(long actor, long user) {
        requireOther(actor, user);
        boolean shown = authorization.showsInvitation(actor, user);
        return switch (join(social.invite(actor, user, clock.instant()))) {
            case SENT -> {
                push(actor, ContactState.INVITATION_SENT, user);
                if (shown) {
                    push(user, ContactState.INVITATION_RECEIVED, actor);
                }
                yield ContactState.INVITATION_SENT;
            }
            case ACCEPTED -> {
                push(actor, ContactState.CONTACT, user);
                push(user, ContactState.CONTACT, actor);
                yield ContactState.CONTACT;
            }
            case UNCHANGED -> state(actor, user);
        };
    }

    /**
     * Ends whatever links the actor to {@code user}: removes a contact, cancels an invitation sent, declines one
     * received. A no-op when nothing links them (or only a block: use {@link #unblock}).
     */
    public void unlink(long actor, long user) {
        requireOther(actor, user);
        boolean removed = join(social.removeContact(actor, user));
        boolean cancelled = join(social.deleteInvitation(actor, user));
        boolean declined = join(social.deleteInvitation(user, actor));
        if (removed || cancelled || declined) {
            push(actor, ContactState.NONE, user);
            if (removed || declined || authorization.showsInvitation(actor, user)) {
                push(user, ContactState.NONE, actor);
            }
        }
    }

    /** The actor's contacts and invitations both ways, each with the other user's profile as the actor sees it. */
    public List<Map.Entry<ContactState, Profile>> contacts(long actor) {
        List<Map.Entry<ContactState, Long>> links = new ArrayList<>();
        social.contacts(actor).forEach(l -> links.add(Map.entry(ContactState.CONTACT, l.userId())));
        social.invitationsReceived(actor).forEach(l -> links.add(Map.entry(ContactState.INVITATION_RECEIVED,
                l.userId())));
        social.invitationsSent(actor).forEach(l -> links.add(Map.entry(ContactState.INVITATION_SENT, l.userId())));
        Map<Long, Profile> profiles = authorization.profilesFor(actor,
                accounts.profiles(links.stream().map(Map.Entry::getValue).toList()));
        List<Map.Entry<ContactState, Profile>> result = new ArrayList<>();
        for (Map.Entry<ContactState, Long> link : links) {
            Profile profile = profiles.get(link.getValue());
            if (profile != null) {
                result.add(Map.entry(link.getKey(), profile));
            }
        }
        return result;
    }

    private ContactState state(long actor, long user) {
        if (social.contacts(actor).stream().anyMatch(l -> l.userId() == user)) {
            return ContactState.CONTACT;
        }
        if (social.invitationsSent(actor).stream().anyMatch(l -> l.userId() == user)) {
            return ContactState.INVITATION_SENT;
        }
        return ContactState.NONE;
    }

    /** Tells {@code recipient}'s devices how they now stand toward {@code other}. */
    private void push(long recipient, ContactState state, long other) {
        Profile profile = accounts.profiles(List.of(other)).get(other);
        if (profile != null) {
            bus.publish(new Delivery(Set.of(recipient),
                    new Push.ContactChanged(state, authorization.profileFor(recipient, profile))));
        }
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

    /**
     * Replaces the actor's display name and bio ({@link AccountRules}: an empty display name is the username, an
     * empty bio is none); completes with the profile as stored.
     */
    public Profile updateProfile(long actor, String displayName, String bio) {
        AccountStore.UserRecord user = accounts.user(actor)
                .orElseThrow(() -> new ChatException(ChatError.USER_NOT_FOUND, "no user " + actor));
        String name = AccountRules.displayName(displayName, user.username());
        return join(accounts.updateProfile(actor, name, AccountRules.bio(bio)));
    }

    /** The profiles of {@code userIds} as {@code viewer} may see them (rule 7), in that order; unknown IDs left out. */
    public List<Profile> profiles(long viewer, List<Long> userIds) {
        Map<Long, Profile> visible = authorization.profilesFor(viewer, accounts.profiles(userIds));
        return userIds.stream().map(visible::get).filter(java.util.Objects::nonNull).toList();
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
}
