package io.cellchat.domain.social;

import static io.cellchat.domain.error.ChatError.CONVERSATION_NOT_FOUND;
import static io.cellchat.domain.error.ChatError.PRIVACY_RESTRICTED;

import io.cellchat.domain.account.Profile;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.presence.Presence;
import io.cellchat.domain.presence.PresenceStatus;

/**
 * The rules of who may do what to whom, written once and pure: every answer is a function of the {@link Tie}
 * between two users (and, for presence, whether they have a direct conversation). {@link Authorization} gathers
 * the facts and every API, REST and WebSocket alike, asks it; group roles stay in
 * {@link io.cellchat.domain.chat.ChatRules}, which calls {@link #noSuchConversation} for outsiders. The rules, as
 * numbered in docs/protocol.md ("Authorization"):
 *
 * <ol>
 *   <li><b>Starting a direct conversation</b>: allowed unless either user blocked the other, or the recipient
 *       accepts new conversations from contacts only and the two are not contacts.</li>
 *   <li><b>Messages in a direct conversation</b> (send, edit, react): allowed unless either blocked the other.
 *       Deleting your own message and moving your receipts are always allowed.</li>
 *   <li><b>Adding someone to a group</b> (at creation or later): as rule 1, on top of the group roles.</li>
 *   <li><b>Outsiders</b>: a user who is not a member of a conversation gets {@code CONVERSATION_NOT_FOUND} for
 *       every request about it, exactly as for a conversation that does not exist.</li>
 *   <li><b>Presence</b>: a user sees another's status only if they are contacts or have a direct conversation, and
 *       the other has not blocked them; otherwise the status is {@code HIDDEN}.</li>
 *   <li><b>Last seen</b>: among those who see the status, by the subject's {@code lastSeen} setting (everyone,
 *       contacts, nobody).</li>
 *   <li><b>Profile</b>: username and display name are visible to every signed-in user; bio and avatar by the
 *       subject's {@code profile} setting (everyone or contacts), never to someone they blocked.</li>
 *   <li><b>Typing</b> reaches the peer of a direct conversation only if neither blocked the other (the sender is
 *       answered {@code ok} either way).</li>
 *   <li><b>Search</b> leaves out of the searcher's results every user who blocked the searcher. This one rule is
 *       defined here but applied by the stores: it filters the directory, so each adapter's search query leaves
 *       blockers out in the same SQL that finds and pages the matches ({@code AccountStore.search} in the users
 *       service; {@code SocialStoreContract} checks it on SQLite and PostgreSQL), where asking this class per row
 *       would read every candidate's tie and break the pages. No search path goes around the stores.</li>
 *   <li><b>Contact invitations</b> to someone who blocked you are accepted and look pending, but are never shown to
 *       them; you cannot invite someone you blocked.</li>
 * </ol>
 *
 * <p>A blocked user learns nothing a stranger would not: every refusal caused by a block is the same
 * {@code PRIVACY_RESTRICTED} with the same message as a refusal by the contacts-only setting, and hidden presence
 * and profile look exactly as they look to a stranger the settings keep out. Only the blocker is told that their
 * own block is the reason.
 */
public final class AccessPolicy {

    private AccessPolicy() {}

    /** Rules 1 and 2: {@code tie} is the actor's toward the peer. */
    public static void requireMayMessage(Tie tie, long peer, boolean conversationExists) {
        requireNotBlockedByActor(tie, peer);
        if (tie.blockedBySubject() || (!conversationExists && contactsOnly(tie))) {
            throw restricted(peer);
        }
    }

    /** Rule 3: {@code tie} is the actor's toward the user added. */
    public static void requireMayAdd(Tie tie, long user) {
        requireNotBlockedByActor(tie, user);
        if (tie.blockedBySubject() || contactsOnly(tie)) {
            throw restricted(user);
        }
    }

    /** Rule 4: the one answer for a conversation that does not exist and one the actor is not in. */
    public static ChatException noSuchConversation(ConversationId conversation) {
        return new ChatException(CONVERSATION_NOT_FOUND, "no conversation " + conversation + " of yours");
    }

    /**
     * Rules 5 and 6: the presence {@code presence} of a subject as a viewer whose tie toward them is {@code tie}
     * sees it.
     *
     * @param talked the two have a direct conversation
     */
    public static Presence presence(Tie tie, boolean talked, Presence presence) {
        if (tie.blockedBySubject() || !(tie.contacts() || talked)) {
            return new Presence(presence.userId(), PresenceStatus.HIDDEN, null);
        }
        return seesLastSeen(tie) ? presence : new Presence(presence.userId(), presence.status(), null);
    }

    /** Rule 6 alone: whether a viewer allowed to see the status also sees the last-seen time. */
    public static boolean seesLastSeen(Tie tie) {
        return switch (tie.subjectSettings().lastSeen()) {
            case EVERYONE -> true;
            case CONTACTS -> tie.contacts();
            case NOBODY -> false;
        };
    }

    /** Rule 7. */
    public static Profile profile(Tie tie, Profile profile) {
        boolean details = !tie.blockedBySubject()
                && (tie.subjectSettings().profile() == Audience.EVERYONE || tie.contacts());
        return details ? profile : profile.card();
    }

    /** Rule 8: whether a typing notice of the actor reaches the peer. */
    public static boolean deliversTyping(Tie tie) {
        return !tie.blockedEitherWay();
    }

    /**
     * Rule 10: whether an invitation from the actor is shown to the invitee; refuses an invitation to someone the
     * actor blocked.
     */
    public static boolean showsInvitation(Tie tie, long invitee) {
        requireNotBlockedByActor(tie, invitee);
        return !tie.blockedBySubject();
    }

    private static boolean contactsOnly(Tie tie) {
        return tie.subjectSettings().messages() == Audience.CONTACTS && !tie.contacts();
    }

    private static void requireNotBlockedByActor(Tie tie, long user) {
        if (tie.blockedSubject()) {
            throw new ChatException(PRIVACY_RESTRICTED, "you blocked user " + user + " (expected: unblock them first)");
        }
    }

    private static ChatException restricted(long user) {
        return new ChatException(PRIVACY_RESTRICTED, "user " + user
                + " does not accept this from you (their privacy settings: contacts only, or not you)");
    }
}
