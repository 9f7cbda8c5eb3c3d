package io.cellchat.backplane;

import io.cellchat.contracts.backplane.v1.DeliveryRecord;
import io.cellchat.contracts.backplane.v1.Outcome;
import io.cellchat.contracts.backplane.v1.PushReceipt;
import io.cellchat.contracts.backplane.v1.SessionEnded;
import io.cellchat.contracts.v1.TypingUpdate;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.Push;
import java.util.Set;

/**
 * Records of {@code chat.deliveries}: one per recipient of a push (a group message to 50 members is 50 records, each
 * on its recipient's partition), or the outcome of a command for the sender's edge.
 */
public final class DeliveryCodec {

    private DeliveryCodec() {}

    /** What a record of {@code chat.deliveries} carries. */
    public sealed interface Received {
        /** A push for the devices of one user. */
        record Pushed(Delivery delivery) implements Received {}

        /** The outcome of a command, for the edge that waits for it. */
        record Answered(OutcomeCodec.Result result) implements Received {}
    }

    public static DeliveryRecord push(long recipient, Push push) {
        DeliveryRecord.Builder record = DeliveryRecord.newBuilder().setRecipient(recipient);
        switch (push) {
            case Push.NewEvent(var event) -> record.setEvent(EventCodec.event(event));
            case Push.ReceiptMoved(var conversation, var member) -> record.setReceipt(PushReceipt.newBuilder()
                    .setConversationId(conversation.value()).setMember(EventCodec.member(member)));
            case Push.Typing(var conversation, long user, boolean typing) -> record.setTyping(TypingUpdate.newBuilder()
                    .setConversationId(conversation.value()).setUserId(user).setTyping(typing));
            case Push.PresenceChanged(var presence) -> record.setPresence(EventCodec.presence(presence));
            case Push.PrefsChanged(var prefs) -> record.setPrefs(EventCodec.prefs(prefs));
            case Push.ContactChanged changed -> record.setContact(EventCodec.contact(changed));
            case Push.SessionEnded(long deviceId) -> record.setSessionEnded(SessionEnded.newBuilder()
                    .setDeviceId(deviceId));
        }
        return record.build();
    }

    public static DeliveryRecord outcome(Outcome outcome) {
        return DeliveryRecord.newBuilder().setRecipient(outcome.getActor()).setOutcome(outcome).build();
    }

    /** @throws BadRecordException if the record carries nothing known or an invalid value */
    public static Received decode(DeliveryRecord record) {
        Set<Long> to = Set.of(record.getRecipient());
        Push push = switch (record.getKindCase()) {
            case EVENT -> new Push.NewEvent(EventCodec.event(record.getEvent()));
            case RECEIPT -> new Push.ReceiptMoved(EventCodec.conversation(record.getReceipt().getConversationId()),
                    EventCodec.member(record.getReceipt().getMember()));
            case TYPING -> new Push.Typing(EventCodec.conversation(record.getTyping().getConversationId()),
                    record.getTyping().getUserId(), record.getTyping().getTyping());
            case PRESENCE -> new Push.PresenceChanged(EventCodec.presence(record.getPresence()));
            case PREFS -> new Push.PrefsChanged(EventCodec.prefs(record.getPrefs()));
            case CONTACT -> EventCodec.contact(record.getContact());
            case SESSION_ENDED -> new Push.SessionEnded(record.getSessionEnded().getDeviceId());
            case OUTCOME -> null;
            case KIND_NOT_SET -> throw new BadRecordException(
                    "delivery to " + record.getRecipient() + ": empty (expected: a push or an outcome)");
        };
        return push == null
                ? new Received.Answered(OutcomeCodec.decode(record.getOutcome()))
                : new Received.Pushed(new Delivery(to, push));
    }
}
