package io.cellchat.services.users.store;

import io.cellchat.domain.social.SocialGraph;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Port of the users service: contacts (symmetric), pending invitations and blocks, and the {@link SocialGraph}
 * facts authorization reads. Embedded: SQLite; distributed: PostgreSQL. Every write is one transaction, so a block
 * and the contact it removes change together.
 */
public interface SocialStore extends SocialGraph {

    /** What an invitation did. */
    enum Invited {
        /** A new pending invitation. */
        SENT,
        /** The invitee had invited the inviter: they are contacts now. */
        ACCEPTED,
        /** Already contacts, or already invited: nothing changed. */
        UNCHANGED
    }

    CompletableFuture<Invited> invite(long inviter, long invitee, Instant at);

    /** Accepts the invitation from {@code inviter}; completes with false when there is none. */
    CompletableFuture<Boolean> accept(long invitee, long inviter, Instant at);

    /** Deletes the invitation from {@code inviter} to {@code invitee}; completes with whether there was one. */
    CompletableFuture<Boolean> deleteInvitation(long inviter, long invitee);

    /** Ends a contact both ways; completes with whether there was one. */
    CompletableFuture<Boolean> removeContact(long user, long contact);

    /** Blocks, removing any contact and invitation between the two; completes with whether it is new. */
    CompletableFuture<Boolean> block(long blocker, long blocked, Instant at);

    CompletableFuture<Boolean> unblock(long blocker, long blocked);

    /** Contacts of a user, oldest first. */
    List<Link> contacts(long userId);

    /** Invitations to a user, leaving out those from users the user blocked, oldest first. */
    List<Link> invitationsReceived(long userId);

    List<Link> invitationsSent(long userId);

    List<Link> blocked(long userId);

    /** The other user of a contact, invitation or block, and since when. */
    record Link(long userId, Instant since) {}
}
