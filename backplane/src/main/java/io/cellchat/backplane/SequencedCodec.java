package io.cellchat.backplane;

import static java.util.Objects.requireNonNull;

import io.cellchat.contracts.backplane.v1.EventsAppended;
import io.cellchat.contracts.backplane.v1.Outcome;
import io.cellchat.contracts.backplane.v1.ReceiptMoved;
import io.cellchat.contracts.backplane.v1.SequencedRecord;
import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.Member;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Records of {@code chat.events}: what the sequencer made of one command. The sequencer writes them in its Kafka
 * transaction; the materializer stores the change, publishes it to the recipients and forwards the outcome.
 */
public final class SequencedCodec {

    private SequencedCodec() {}

    /**
     * A decoded record.
     *
     * @param outcome the sender's outcome, forwarded as is
     * @param recipients who receives the change (empty when nothing changed)
     * @param events numbered events, oldest first (empty unless events were appended)
     * @param receipt the actor's moved receipt marks, or {@code null}
     */
    public record Change(ConversationId conversation, Outcome outcome, Set<Long> recipients, List<ChatEvent> events,
            @Nullable Member receipt) {
        public Change {
            requireNonNull(conversation, "conversation");
            requireNonNull(outcome, "outcome");
            recipients = Set.copyOf(recipients);
            events = List.copyOf(events);
        }
    }

    public static SequencedRecord appended(ConversationId conversation, Outcome outcome, Collection<Long> recipients,
            List<ChatEvent> events) {
        return SequencedRecord.newBuilder()
                .setConversationId(conversation.value())
                .setOutcome(outcome)
                .addAllRecipients(recipients)
                .setEvents(EventsAppended.newBuilder().addAllEvents(events.stream().map(EventCodec::event).toList()))
                .build();
    }

    public static SequencedRecord receipt(ConversationId conversation, Outcome outcome, Collection<Long> recipients,
            Member member) {
        return SequencedRecord.newBuilder()
                .setConversationId(conversation.value())
                .setOutcome(outcome)
                .addAllRecipients(recipients)
                .setReceipt(ReceiptMoved.newBuilder().setMember(EventCodec.member(member)))
                .build();
    }

    /** Nothing changed: a refusal, a replay, or a command the rules accept without change. */
    public static SequencedRecord outcomeOnly(ConversationId conversation, Outcome outcome) {
        return SequencedRecord.newBuilder().setConversationId(conversation.value()).setOutcome(outcome).build();
    }

    public static Change decode(SequencedRecord record) {
        ConversationId conversation = EventCodec.conversation(record.getConversationId());
        if (!record.hasOutcome()) {
            throw new BadRecordException("sequenced record of " + conversation + ": no outcome");
        }
        List<ChatEvent> events = switch (record.getChangeCase()) {
            case EVENTS -> record.getEvents().getEventsList().stream().map(EventCodec::event).toList();
            case RECEIPT, CHANGE_NOT_SET -> List.of();
        };
        for (ChatEvent event : events) {
            if (!event.conversation().equals(conversation)) {
                throw new BadRecordException("event of " + event.conversation() + " in a record of " + conversation);
            }
        }
        Member receipt = record.hasReceipt() ? EventCodec.member(record.getReceipt().getMember()) : null;
        return new Change(conversation, record.getOutcome(), Set.copyOf(record.getRecipientsList()), events, receipt);
    }
}
