package io.cellchat.domain.chat;

import io.cellchat.domain.error.ChatException;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a member asks of a conversation: the closed set of commands that go through the sequencer. Each either
 * appends events to the conversation's gap-free sequence, changes receipt marks, or is refused with a
 * {@link ChatException}; {@link ChatRules} decides which.
 */
public sealed interface ChatCommand {

    ConversationId conversation();

    /** A new message; a direct conversation is created by its first one. */
    record PostMessage(ConversationId conversation, MessageBody body, long replyToSeq) implements ChatCommand {
        public PostMessage {
            requireNonNull(conversation, "conversation");
            requireNonNull(body, "body");
        }
    }

    record EditMessage(ConversationId conversation, long seq, MessageBody body) implements ChatCommand {
        public EditMessage {
            requireNonNull(conversation, "conversation");
            requireNonNull(body, "body");
        }
    }

    record DeleteMessage(ConversationId conversation, long seq) implements ChatCommand {
        public DeleteMessage {
            requireNonNull(conversation, "conversation");
        }
    }

    record React(ConversationId conversation, long seq, String emoji, boolean add) implements ChatCommand {
        public React {
            requireNonNull(conversation, "conversation");
            requireNonNull(emoji, "emoji");
        }
    }

    record MarkReceipt(ConversationId conversation, ReceiptKind kind, long upToSeq) implements ChatCommand {
        public MarkReceipt {
            requireNonNull(conversation, "conversation");
            requireNonNull(kind, "kind");
        }
    }

    /** Creates a group whose ID the edge minted; the actor becomes its owner. */
    record CreateGroup(ConversationId conversation, String title, List<Long> memberIds) implements ChatCommand {
        public CreateGroup {
            requireNonNull(conversation, "conversation");
            requireNonNull(title, "title");
            memberIds = List.copyOf(memberIds);
        }
    }

    record RenameGroup(ConversationId conversation, String title) implements ChatCommand {
        public RenameGroup {
            requireNonNull(conversation, "conversation");
            requireNonNull(title, "title");
        }
    }

    record AddMembers(ConversationId conversation, List<Long> userIds) implements ChatCommand {
        public AddMembers {
            requireNonNull(conversation, "conversation");
            userIds = List.copyOf(userIds);
        }
    }

    record RemoveMember(ConversationId conversation, long userId) implements ChatCommand {
        public RemoveMember {
            requireNonNull(conversation, "conversation");
        }
    }

    record LeaveGroup(ConversationId conversation) implements ChatCommand {
        public LeaveGroup {
            requireNonNull(conversation, "conversation");
        }
    }

    record SetRole(ConversationId conversation, long userId, Role role) implements ChatCommand {
        public SetRole {
            requireNonNull(conversation, "conversation");
            requireNonNull(role, "role");
        }
    }
}
