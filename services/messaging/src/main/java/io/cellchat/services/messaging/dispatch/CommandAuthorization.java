package io.cellchat.services.messaging.dispatch;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.chat.ChatCommand;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.social.Authorization;

/**
 * Asks {@link Authorization} the questions between users that a command raises, before it goes to the log: may the
 * actor write to the peer of a direct conversation (post, edit, react: rules 1 and 2), may the actor add these users
 * to a group (at creation or later: rule 3). Membership and group roles stay with
 * {@link io.cellchat.domain.chat.ChatRules}; deleting your own message and moving your receipts are always allowed.
 * {@link #check} reads the users store and runs off the event loop; {@link #checkInMemory} answers on it when it can.
 */
final class CommandAuthorization {

    /** No question between users to ask (user IDs are positive). */
    private static final long NO_PEER = 0;

    private final Authorization authorization;

    CommandAuthorization(Authorization authorization) {
        this.authorization = requireNonNull(authorization, "authorization");
    }

    /**
     * Decides the command from facts in memory, without blocking (on the event loop): {@code true} when it is
     * allowed (or raises no question), a refusal throws; {@code false} when {@link #check} must read a store.
     */
    boolean checkInMemory(long actor, ChatCommand command) {
        return switch (command) {
            case ChatCommand.PostMessage post -> directInMemory(actor, post.conversation());
            case ChatCommand.EditMessage edit -> directInMemory(actor, edit.conversation());
            case ChatCommand.React react -> directInMemory(actor, react.conversation());
            case ChatCommand.CreateGroup create -> false;
            case ChatCommand.AddMembers add -> false;
            default -> true;
        };
    }

    void check(long actor, ChatCommand command) {
        switch (command) {
            case ChatCommand.PostMessage post -> direct(actor, post.conversation());
            case ChatCommand.EditMessage edit -> direct(actor, edit.conversation());
            case ChatCommand.React react -> direct(actor, react.conversation());
            case ChatCommand.CreateGroup create -> authorization.requireMayAdd(actor, create.memberIds());
            case ChatCommand.AddMembers add -> authorization.requireMayAdd(actor, add.userIds());
            default -> {
                // delete, receipts, rename, remove, leave, roles: between members only, ChatRules decides
            }
        }
    }

    /** An outsider of the direct conversation is left to ChatRules, which answers as for one that does not exist. */
    private void direct(long actor, ConversationId conversation) {
        long peer = peer(actor, conversation);
        if (peer != NO_PEER) {
            authorization.requireMayMessage(actor, peer);
        }
    }

    private boolean directInMemory(long actor, ConversationId conversation) {
        long peer = peer(actor, conversation);
        return peer == NO_PEER || authorization.requireMayMessageInMemory(actor, peer);
    }

    /** The other member of the actor's direct conversation; {@link #NO_PEER} for a group, an outsider or oneself. */
    private static long peer(long actor, ConversationId conversation) {
        if (!conversation.isDirect()) {
            return NO_PEER;
        }
        long[] pair = conversation.directMembers();
        long peer = pair[0] == actor ? pair[1] : pair[1] == actor ? pair[0] : NO_PEER;
        return peer == actor ? NO_PEER : peer;
    }
}
