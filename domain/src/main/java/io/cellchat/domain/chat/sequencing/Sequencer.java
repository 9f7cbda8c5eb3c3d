package io.cellchat.domain.chat.sequencing;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.chat.ChatCommand;
import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ChatLog.Appended;
import io.cellchat.domain.chat.ChatRules;
import io.cellchat.domain.chat.CommandEnvelope;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationState;
import io.cellchat.domain.chat.Decision;
import io.cellchat.domain.chat.EventBody;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.TargetMessage;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.id.IdGenerator;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The sequencer's logic, written once: every sequencer (the single process's store, the distributed cell's Kafka
 * sequencer) runs each command through {@link #sequence} and persists the outcome its own way.
 *
 * <p>For one command it:
 * <ol>
 *   <li>replays the first result of an idempotency key already used, or refuses the key reused for other content;</li>
 *   <li>loads the conversation and the message the command points at from the {@link SequencerState};</li>
 *   <li>lets {@link ChatRules} decide;</li>
 *   <li>numbers the new events {@code lastSeq + 1, lastSeq + 2, ...} with fresh IDs and one timestamp, and computes
 *       the conversation after them with {@link RulesProjection};</li>
 *   <li>addresses one delivery per event to every member before or after it (a removed member learns of the
 *       removal, a new one sees the event that added them).</li>
 * </ol>
 * It does no I/O of its own and keeps no state: the caller must persist the {@link Sequenced} outcome (atomically)
 * before it sequences the next command of the same conversation, and must make it visible through the state port.
 * A refusal throws {@link ChatException} and leaves nothing to persist. Single-threaded per conversation, like any
 * sequencer: the sequence is only gap-free if one caller numbers a conversation at a time.
 */
public final class Sequencer {

    private final ChatRules rules;
    private final IdGenerator ids;
    private final Clock clock;

    public Sequencer(ChatRules rules, IdGenerator ids, Clock clock) {
        this.rules = requireNonNull(rules, "rules");
        this.ids = requireNonNull(ids, "ids");
        this.clock = requireNonNull(clock, "clock");
    }

    /**
     * Decides and numbers one command.
     *
     * @throws ChatException if a rule refuses it, or its idempotency key was used for other content
     */
    public Sequenced sequence(CommandEnvelope envelope, SequencerState state) {
        if (envelope.hasIdempotencyKey()) {
            Optional<IdempotencyRecord> first = state.idempotency(envelope.actor(), envelope.idempotencyKey());
            if (first.isPresent()) {
                return replay(envelope, first.get());
            }
        }
        ChatCommand command = envelope.command();
        ConversationId id = command.conversation();
        @Nullable ConversationState before = state.conversation(id).orElse(null);
        TargetMessage target = target(state, id, targetSeq(command), envelope.actor());
        Decision decision = rules.decide(before, target, envelope.actor(), command);
        return switch (decision) {
            case Decision.NoChange() -> new Sequenced.Unchanged(new Appended(id, 0, 0));
            case Decision.MoveReceipts(Member member) -> moveReceipts(requireNonNull(before, "before"), member);
            case Decision.Append(List<EventBody> bodies) -> append(envelope, before, bodies);
        };
    }

    private static Sequenced replay(CommandEnvelope envelope, IdempotencyRecord first) {
        if (!first.fingerprint().equals(envelope.fingerprint())) {
            throw new ChatException(ChatError.IDEMPOTENCY_KEY_REUSED, "idempotency_key: " + envelope.idempotencyKey()
                    + " was used for a different request (expected: a new key)");
        }
        return new Sequenced.Unchanged(first.appended());
    }

    private static Sequenced moveReceipts(ConversationState before, Member member) {
        ConversationState after = RulesProjection.withReceipts(before, member);
        Delivery delivery = new Delivery(before.members().keySet(), new Push.ReceiptMoved(before.id(), member));
        return new Sequenced.ReceiptsMoved(new Appended(before.id(), 0, 0), after, member, List.of(delivery));
    }

    private Sequenced append(CommandEnvelope envelope, @Nullable ConversationState before, List<EventBody> bodies) {
        ConversationId id = envelope.command().conversation();
        Instant now = clock.instant();
        long seq = before == null ? 0 : before.lastSeq();
        long messageId = 0;
        @Nullable ConversationState after = before;
        List<ChatEvent> events = new ArrayList<>(bodies.size());
        for (EventBody body : bodies) {
            seq++;
            long eventId = ids.next();
            EventBody numbered = body;
            if (body instanceof EventBody.MessagePosted posted) {
                numbered = EventBody.MessagePosted.posted(posted.body(), posted.replyToSeq(), envelope.idempotencyKey());
                messageId = eventId;
            }
            ChatEvent event = new ChatEvent(id, seq, eventId, envelope.actor(), now, numbered);
            after = after == null ? RulesProjection.create(event) : RulesProjection.apply(after, event);
            events.add(event);
        }
        ConversationState state = requireNonNull(after, "an append has at least one event");
        Appended appended = new Appended(id, seq, messageId);
        Optional<IdempotencyRecord> remembered = envelope.hasIdempotencyKey()
                ? Optional.of(new IdempotencyRecord(envelope.actor(), envelope.idempotencyKey(),
                        envelope.fingerprint(), id, seq, messageId, now))
                : Optional.empty();
        Set<Long> recipients = new HashSet<>(state.members().keySet());
        if (before != null) {
            recipients.addAll(before.members().keySet());
        }
        Set<Long> frozen = Set.copyOf(recipients);
        List<Delivery> deliveries = events.stream()
                .map(event -> new Delivery(frozen, new Push.NewEvent(event)))
                .toList();
        return new Sequenced.EventsAppended(appended, state, events, remembered, deliveries);
    }

    /** The sequence number of the message a command points at, 0 if none. */
    private static long targetSeq(ChatCommand command) {
        return switch (command) {
            case ChatCommand.PostMessage post -> post.replyToSeq();
            case ChatCommand.EditMessage edit -> edit.seq();
            case ChatCommand.DeleteMessage delete -> delete.seq();
            case ChatCommand.React react -> react.seq();
            default -> 0;
        };
    }

    private static @Nullable TargetMessage target(SequencerState state, ConversationId id, long seq, long actor) {
        if (seq <= 0) {
            return null;
        }
        return state.message(id, seq)
                .map(message -> new TargetMessage(seq, message.sender(), message.deleted(), message.text(),
                        state.reactions(id, seq, actor)))
                .orElse(null);
    }
}
