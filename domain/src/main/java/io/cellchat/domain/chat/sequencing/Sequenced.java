package io.cellchat.domain.chat.sequencing;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ChatLog.Appended;
import io.cellchat.domain.chat.ConversationState;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.delivery.Delivery;
import java.util.List;
import java.util.Optional;

/**
 * What a {@link Sequencer} made of one command: the closed set of outcomes a store persists, each with the result
 * the sender gets once it is durable and the deliveries to publish after that, in order.
 */
public sealed interface Sequenced {

    /** The result for the sender: the conversation, the sequence number of the (last) event, the message ID. */
    Appended appended();

    /** The pushes to publish once durable, in this order. */
    List<Delivery> deliveries();

    /**
     * Nothing to store or publish: a retry of a key already used (with its first result), or a command the rules
     * accept without change (a reaction already there, a message already deleted).
     */
    record Unchanged(Appended appended) implements Sequenced {
        public Unchanged {
            requireNonNull(appended, "appended");
        }

        @Override
        public List<Delivery> deliveries() {
            return List.of();
        }
    }

    /**
     * The actor's receipt marks moved; receipts take no sequence number.
     *
     * @param conversation the conversation after the move
     * @param member the actor's new marks
     */
    record ReceiptsMoved(Appended appended, ConversationState conversation, Member member, List<Delivery> deliveries)
            implements Sequenced {
        public ReceiptsMoved {
            requireNonNull(appended, "appended");
            requireNonNull(conversation, "conversation");
            requireNonNull(member, "member");
            deliveries = List.copyOf(deliveries);
        }
    }

    /**
     * Events numbered {@code lastSeq + 1..}: store them with the conversation after them and the idempotency record,
     * atomically, and publish one delivery per event to every member before or after them.
     *
     * @param conversation the conversation after the events (its {@code lastSeq} is the last event's)
     * @param events the new events, oldest first, with no gap after the previous {@code lastSeq}
     * @param remembered the record of the command's idempotency key, if it had one
     */
    record EventsAppended(Appended appended, ConversationState conversation, List<ChatEvent> events,
            Optional<IdempotencyRecord> remembered, List<Delivery> deliveries) implements Sequenced {
        public EventsAppended {
            requireNonNull(appended, "appended");
            requireNonNull(conversation, "conversation");
            events = List.copyOf(events);
            requireNonNull(remembered, "remembered");
            deliveries = List.copyOf(deliveries);
            if (events.isEmpty()) {
                throw new IllegalArgumentException("events: empty (expected: at least one)");
            }
        }

        /** Whether these events created the conversation (the first one is number 1). */
        public boolean created() {
            return events.getFirst().seq() == 1;
        }
    }
}
