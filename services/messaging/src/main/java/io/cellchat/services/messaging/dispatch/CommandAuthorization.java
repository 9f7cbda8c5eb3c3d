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
 * Reads the users store: runs off the event loop.
 */
final class CommandAuthorization {

    private final Authorization authorization;

    CommandAuthorization(Authorization authorization) {
        this.authorization = requireNonNull(authorization, "authorization");
    }

    /** Whether {@link #check} has a question to ask for this command (else the command needs no store read). */
    static boolean asks(ChatCommand command) {
        return switch (command) {
            case ChatCommand.PostMessage post -> post.conversation().isDirect();
            case ChatCommand.EditMessage edit -> edit.conversation().isDirect();
            case ChatCommand.React react -> react.conversation().isDirect();
            case ChatCommand.CreateGroup create -> true;
            case ChatCommand.AddMembers add -> true;
            default -> false;
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
        if (!conversation.isDirect()) {
            return;
        }
        long[] pair = conversation.directMembers();
        if (pair[0] == actor || pair[1] == actor) {
            long peer = pair[0] == actor ? pair[1] : pair[0];
            if (peer != actor) {
                authorization.requireMayMessage(actor, peer);
            }
        }
    }
}
