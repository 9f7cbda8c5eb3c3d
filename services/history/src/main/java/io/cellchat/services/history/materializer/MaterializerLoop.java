package io.cellchat.services.history.materializer;

import static java.util.Objects.requireNonNull;

import io.cellchat.backplane.DeliveryPublisher;
import io.cellchat.backplane.SequencedCodec;
import io.cellchat.backplane.SequencedCodec.Change;
import io.cellchat.contracts.backplane.v1.SequencedRecord;
import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.delivery.Push;
import io.cellchat.services.history.store.cassandra.CassandraHistoryWriter;
import io.cellchat.platform.kafka.KafkaTracing;
import io.cellchat.platform.observability.tracing.Tracing;
import io.cellchat.platform.observability.tracing.TracingSettings;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The materializer role: reads {@code chat.events} (read_committed: only what the sequencer committed), writes each
 * poll to Cassandra, then publishes the poll's deliveries to the {@link EventBus} and its outcomes to the senders,
 * then commits the poll's offsets. In that order, so a client that sees a push or an {@code accepted} can read what
 * it announces, and a crash at any point replays at most the last poll (the writes are idempotent, a repeated push
 * or outcome is ignored downstream): docs/design/cell.md, "Why it is exactly-once".
 *
 * <p>When Cassandra or Kafka fails, it rewinds to the poll's first offsets and tries again after a pause that grows
 * to {@code maxBackoff}, polling meanwhile so it keeps its partitions; it never skips an event. A record that cannot
 * be decoded (a bug, not a fault) is logged and counted, and skipped.
 */
public final class MaterializerLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MaterializerLoop.class);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final CassandraHistoryWriter writer;
    private final EventBus bus;
    private final DeliveryPublisher outcomes;
    private final Duration maxBackoff;
    private final Tracing tracing;
    private final KafkaTracing kafkaTracing;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong materialized = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean healthy = true;

    /**
     * @param bus where the poll's pushes go (the cell's {@link io.cellchat.backplane.KafkaEventBus})
     * @param outcomes where the senders' outcomes go ({@code chat.deliveries}); flushed before each commit, with
     *     the bus's records when they share its producer
     */
    public MaterializerLoop(KafkaConsumer<byte[], byte[]> consumer, String topic, CassandraHistoryWriter writer,
            EventBus bus, DeliveryPublisher outcomes, Duration maxBackoff) {
        this(consumer, topic, writer, bus, outcomes, maxBackoff, Tracing.start(TracingSettings.off("cellchat-history")));
    }

    /**
     * @param tracing a {@code materialize} span (kind CONSUMER) per record, continuing the trace of its headers:
     *     the record's Cassandra writes and the deliveries and outcome it publishes are in its context
     */
    public MaterializerLoop(KafkaConsumer<byte[], byte[]> consumer, String topic, CassandraHistoryWriter writer,
            EventBus bus, DeliveryPublisher outcomes, Duration maxBackoff, Tracing tracing) {
        this.tracing = requireNonNull(tracing, "tracing");
        this.kafkaTracing = new KafkaTracing(tracing);
        this.consumer = requireNonNull(consumer, "consumer");
        this.topic = requireNonNull(topic, "topic");
        this.writer = requireNonNull(writer, "writer");
        this.bus = requireNonNull(bus, "bus");
        this.outcomes = requireNonNull(outcomes, "outcomes");
        this.maxBackoff = requireNonNull(maxBackoff, "maxBackoff");
        this.thread = Thread.ofPlatform().name("materializer").unstarted(this::run);
    }

    /** Starts consuming and waits, at most {@code timeout}, for the first partitions. */
    public void start(Duration timeout) {
        thread.start();
        try {
            if (!assigned.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("No partition of {} assigned within {}; still trying", topic, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the last poll was written (false while Cassandra or Kafka fails). */
    public boolean healthy() {
        return healthy && thread.isAlive();
    }

    /** Commands materialized since start (records of {@code chat.events}). */
    public long materialized() {
        return materialized.get();
    }

    /** Records skipped because they could not be decoded. */
    public long skipped() {
        return skipped.get();
    }

    private void run() {
        consumer.subscribe(List.of(topic), new org.apache.kafka.clients.consumer.ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(java.util.Collection<TopicPartition> partitions) {
                assigned.countDown();
            }

            @Override
            public void onPartitionsRevoked(java.util.Collection<TopicPartition> partitions) {
                // Offsets are committed after every poll, so nothing is pending here.
            }
        });
        Duration backoff = Duration.ofMillis(100);
        try {
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    process(records);
                    healthy = true;
                    backoff = Duration.ofMillis(100);
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    healthy = false;
                    log.warn("Cannot materialize a poll of {} records ({}); retrying in {} ms", records.count(),
                            e.toString(), backoff.toMillis());
                    rewind(records);
                    pause(backoff);
                    backoff = backoff.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : backoff.multipliedBy(2);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void process(ConsumerRecords<byte[], byte[]> records) {
        List<Change> changes = new ArrayList<>(records.count());
        List<Span> spans = new ArrayList<>();
        List<Context> contexts = new ArrayList<>();
        try {
            process(records, changes, spans, contexts);
        } catch (RuntimeException e) {
            for (Span span : spans) {
                span.recordException(e);
                span.setStatus(StatusCode.ERROR, e.getClass().getSimpleName());
            }
            throw e;
        } finally {
            spans.forEach(Span::end);
        }
    }

    private void process(ConsumerRecords<byte[], byte[]> records, List<Change> changes, List<Span> spans,
            List<Context> contexts) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            offsets.put(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1));
            try {
                changes.add(SequencedCodec.decode(SequencedRecord.parseFrom(record.value())));
                if (tracing.enabled()) {
                    Context parent = kafkaTracing.extract(record.headers());
                    Span span = tracing.tracer().spanBuilder("materialize").setParent(parent)
                            .setSpanKind(SpanKind.CONSUMER).setAttribute("messaging.system", "kafka").startSpan();
                    spans.add(span);
                    contexts.add(parent.with(span));
                }
            } catch (Exception e) {
                skipped.incrementAndGet();
                log.error("Skipping a record of {}-{}@{} that does not decode: {}", record.topic(), record.partition(),
                        record.offset(), e.getMessage());
            }
        }
        writer.write(changes, contexts);
        for (int i = 0; i < changes.size(); i++) {
            Change change = changes.get(i);
            try (Scope scope = (contexts.isEmpty() ? Context.current() : contexts.get(i)).makeCurrent()) {
                for (ChatEvent event : change.events()) {
                    bus.publish(new Delivery(change.recipients(), new Push.NewEvent(event)));
                }
                if (change.receipt() != null) {
                    bus.publish(new Delivery(change.recipients(), new Push.ReceiptMoved(change.conversation(),
                            change.receipt())));
                }
                outcomes.publish(change.outcome());
            }
        }
        outcomes.flush();
        consumer.commitSync(offsets);
        materialized.addAndGet(changes.size());
    }

    private void rewind(ConsumerRecords<byte[], byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, records.records(partition).getFirst().offset());
            }
        }
    }

    private static void pause(Duration backoff) {
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(15));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
