package io.cellchat.domain.chat;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What happened in a conversation: the closed set of events that take a sequence number. Every event sets state, so
 * applying one twice is harmless.
 */
public sealed interface EventBody {

    /**
     * A message. Live, it shows the message as posted; in sync and history results it shows the message as it is now
     * ({@code editedAt}, {@code deleted} and {@code reactions} filled in).
     */
    record MessagePosted(MessageBody body, long replyToSeq, String idempotencyKey, @Nullable Instant editedAt,
            boolean deleted, List<Reaction> reactions) implements EventBody {
        public MessagePosted {
            requireNonNull(body, "body");
            requireNonNull(idempotencyKey, "idempotencyKey");
            reactions = List.copyOf(reactions);
        }

        public static MessagePosted posted(MessageBody body, long replyToSeq, String idempotencyKey) {
            return new MessagePosted(body, replyToSeq, idempotencyKey, null, false, List.of());
        }
    }

    record MessageEdited(long targetSeq, MessageBody body) implements EventBody {
        public MessageEdited {
            requireNonNull(body, "body");
        }
    }

    record MessageDeleted(long targetSeq) implements EventBody {}

    record ReactionChanged(long targetSeq, String emoji, boolean added) implements EventBody {
        public ReactionChanged {
            requireNonNull(emoji, "emoji");
        }
    }

    record GroupCreated(String title, List<Member> members) implements EventBody {
        public GroupCreated {
            requireNonNull(title, "title");
            members = List.copyOf(members);
        }
    }

    record GroupRenamed(String title) implements EventBody {
        public GroupRenamed {
            requireNonNull(title, "title");
        }
    }

    record MembersAdded(List<Member> members) implements EventBody {
        public MembersAdded {
            members = List.copyOf(members);
        }
    }

    record MemberRemoved(long userId) implements EventBody {}

    record MemberLeft(long userId) implements EventBody {}

    record RoleChanged(long userId, Role role) implements EventBody {
        public RoleChanged {
            requireNonNull(role, "role");
        }
    }
}
