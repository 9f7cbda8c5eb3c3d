package io.cellchat.domain.delivery;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.account.Profile;
import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.prefs.ConversationPrefs;
import io.cellchat.domain.presence.Presence;
import io.cellchat.domain.social.ContactState;

/** What the server pushes to devices without being asked: the closed set carried by the {@link EventBus}. */
public sealed interface Push {

    /** A new event of a conversation's sequence. */
    record NewEvent(ChatEvent event) implements Push {
        public NewEvent {
            requireNonNull(event, "event");
        }
    }

    /** A member's receipt marks moved. */
    record ReceiptMoved(ConversationId conversation, Member member) implements Push {
        public ReceiptMoved {
            requireNonNull(conversation, "conversation");
            requireNonNull(member, "member");
        }
    }

    record Typing(ConversationId conversation, long userId, boolean typing) implements Push {
        public Typing {
            requireNonNull(conversation, "conversation");
        }
    }

    record PresenceChanged(Presence presence) implements Push {
        public PresenceChanged {
            requireNonNull(presence, "presence");
        }
    }

    /** The user changed their own settings of a conversation (pin, archive, mute): for their devices only. */
    record PrefsChanged(ConversationPrefs prefs) implements Push {
        public PrefsChanged {
            requireNonNull(prefs, "prefs");
        }
    }

    /**
     * What links the recipient to another user changed (an invitation sent, received, accepted, declined or
     * cancelled, a contact removed, a block): for the recipient's devices, with the other user's profile as the
     * recipient may see it.
     */
    record ContactChanged(ContactState state, Profile other) implements Push {
        public ContactChanged {
            requireNonNull(state, "state");
            requireNonNull(other, "other");
        }
    }

    /** A device's session ended (logout): its connections close. */
    record SessionEnded(long deviceId) implements Push {}
}
