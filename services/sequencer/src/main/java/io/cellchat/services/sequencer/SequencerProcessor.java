package io.cellchat.services.sequencer;

import static java.util.Objects.requireNonNull;

import io.cellchat.backplane.BadRecordException;
import io.cellchat.backplane.CommandCodec;
import io.cellchat.backplane.CommandCodec.SentCommand;
import io.cellchat.backplane.Keys;
import io.cellchat.backplane.OutcomeCodec;
import io.cellchat.backplane.SequencedCodec;
import io.cellchat.contracts.backplane.v1.CommandRecord;
import io.cellchat.contracts.backplane.v1.Outcome;
import io.cellchat.contracts.backplane.v1.SequencedRecord;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.sequencing.Sequenced;
import io.cellchat.domain.chat.sequencing.Sequencer;
import io.cellchat.domain.chat.sequencing.RulesProjection;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.id.IdsUnavailableException;
import io.cellchat.services.sequencer.store.StreamsSequencerState;
import io.cellchat.platform.kafka.KafkaTracing;
import io.cellchat.platform.observability.tracing.Tracing;
import io.micrometer.core.instrument.Timer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command of {@code chat.commands} in, one {@link SequencedRecord} of {@code chat.events} out: the adapter
 * between Kafka Streams and the domain's {@link Sequencer}, which decides and numbers. Streams runs it inside the
 * task's transaction (exactly_once_v2), with the state store's writes, so the record, the state and the input offset
 * commit together or not at all.
 *
 * <p>Every command gets an outcome: accepted, refused by a rule, refused because its deadline passed
 * ({@code UNAVAILABLE}: the edge has answered already), or refused as {@code INVALID_ARGUMENT} when it does not decode.
 * Only a fault that may pass (no worker lease for IDs, a clock stepped back, a high-water mark that could not be
 * stored: {@code IdsUnavailableException}) is thrown, which fails the task: Streams restarts it from the last commit
 * and the command is sequenced again.
 */
final class SequencerProcessor implements Processor<byte[], byte[], byte[], byte[]> {

    private static final Logger log = LoggerFactory.getLogger(SequencerProcessor.class);

    private final Sequencer sequencer;
    private final Clock clock;
    private final String storeName;
    private final Tracing tracing;
    private final KafkaTracing kafkaTracing;
    private final Timer delay;
    // Set by Streams in init(), before the first process(); null only in between.
    private @Nullable ProcessorContext<byte[], byte[]> context;
    private @Nullable KeyValueStore<Bytes, byte[]> store;

    SequencerProcessor(Sequencer sequencer, Clock clock, String storeName, Tracing tracing, Timer delay) {
        this.sequencer = requireNonNull(sequencer, "sequencer");
        this.clock = requireNonNull(clock, "clock");
        this.storeName = requireNonNull(storeName, "storeName");
        this.tracing = requireNonNull(tracing, "tracing");
        this.kafkaTracing = new KafkaTracing(tracing);
        this.delay = requireNonNull(delay, "delay");
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    /**
     * Sequences one command under a {@code sequence} span (kind CONSUMER) continuing the trace of the record's
     * headers, when tracing is on; the records it forwards carry that span's context on to the materializer.
     */
    @Override
    public void process(Record<byte[], byte[]> record) {
        delay.record(Math.max(0, clock.millis() - record.timestamp()), TimeUnit.MILLISECONDS);
        if (!tracing.enabled()) {
            sequence(record);
            return;
        }
        Context parent = kafkaTracing.extract(record.headers());
        Span span = tracing.tracer().spanBuilder("sequence")
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "kafka")
                .startSpan();
        try (Scope scope = parent.with(span).makeCurrent()) {
            sequence(record);
        } catch (RuntimeException e) {
            span.recordException(e);
            span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    private void sequence(Record<byte[], byte[]> record) {
        CommandRecord command;
        SentCommand sent;
        try {
            command = CommandRecord.parseFrom(record.value());
        } catch (Exception e) {
            log.error("Skipping a record of chat.commands that is not a CommandRecord: {}", e.getMessage());
            return;
        }
        try {
            sent = CommandCodec.decode(command);
        } catch (BadRecordException e) {
            refuse(command, new ChatException(ChatError.INVALID_ARGUMENT, String.valueOf(e.getMessage())));
            return;
        }
        if (clock.instant().isAfter(sent.deadline())) {
            refuse(command, new ChatException(ChatError.UNAVAILABLE, "the command reached the sequencer after its"
                    + " deadline (" + sent.deadline() + "); nothing was stored, retry with the same idempotency key"));
            return;
        }
        ConversationId conversation = sent.envelope().command().conversation();
        StreamsSequencerState state = new StreamsSequencerState(
                requireNonNull(store, "store (init was not called)"), conversation);
        Sequenced sequenced;
        try {
            sequenced = sequencer.sequence(sent.envelope(), state);
        } catch (ChatException refusal) {
            refuse(command, refusal);
            return;
        } catch (IdsUnavailableException transientFault) {
            throw transientFault;
        } catch (RuntimeException bug) {
            log.error("Cannot sequence request {} of {}", command.getRequestId(), conversation, bug);
            refuse(command, new ChatException(ChatError.INTERNAL, "the sequencer failed on this command"));
            return;
        }
        RulesProjection.save(sequenced, state);
        Span.current().setAttribute("cellchat.seq", sequenced.appended().seq());
        Outcome outcome = OutcomeCodec.accepted(sent.requestId(), sent.envelope().actor(), sequenced.appended());
        SequencedRecord out = switch (sequenced) {
            case Sequenced.Unchanged unchanged -> SequencedCodec.outcomeOnly(conversation, outcome);
            case Sequenced.ReceiptsMoved moved ->
                    SequencedCodec.receipt(conversation, outcome, recipients(moved.deliveries()), moved.member());
            case Sequenced.EventsAppended appended ->
                    SequencedCodec.appended(conversation, outcome, recipients(appended.deliveries()), appended.events());
        };
        forward(conversation, out);
    }

    private void refuse(CommandRecord command, ChatException refusal) {
        ConversationId conversation;
        try {
            conversation = ConversationId.parse(command.getConversationId());
        } catch (ChatException e) {
            log.error("Skipping request {}: its conversation ID does not parse ({})", command.getRequestId(),
                    e.getMessage());
            return;
        }
        forward(conversation, SequencedCodec.outcomeOnly(conversation,
                OutcomeCodec.refused(command.getRequestId(), command.getActor(), refusal)));
    }

    private void forward(ConversationId conversation, SequencedRecord record) {
        Headers headers = new RecordHeaders();
        kafkaTracing.inject(Context.current(), headers);
        requireNonNull(context, "context (init was not called)").forward(new Record<>(Keys.conversation(conversation),
                record.toByteArray(), clock.millis(), headers));
    }

    private static Set<Long> recipients(List<Delivery> deliveries) {
        return deliveries.isEmpty() ? Set.of() : deliveries.getFirst().recipients();
    }
}
