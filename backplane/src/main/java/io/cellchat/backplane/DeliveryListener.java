package io.cellchat.backplane;

import static java.util.Objects.requireNonNull;

import io.cellchat.contracts.backplane.v1.DeliveryRecord;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.platform.kafka.KafkaTracing;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes the partitions of {@code chat.deliveries} this process owns and hands each record to a sink: pushes to
 * the local connections, outcomes to the waiting appends. Ownership comes from consumer-group membership (the
 * caller configures the group and the cooperative sticky assignor, docs/design/cell.md "Partition ownership"):
 * partitions move one by one when servers join or leave, and a {@link Ownership} hook hears of each move.
 *
 * <p>A partition newly owned is read from its end: pushes older than the connections are useless (a client syncs
 * when it connects), so no offset is ever committed. One thread polls and dispatches, in partition order.
 */
public final class DeliveryListener implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeliveryListener.class);

    /** Hears which partitions of {@code chat.deliveries} this process gains and loses. Called on the poll thread. */
    public interface Ownership {
        /**
         * @param generation the consumer group generation of the assignment: it only grows, so it orders the
         *     successive owners of a partition (the routing table's epoch)
         */
        void assigned(Set<Integer> partitions, long generation);

        void revoked(Set<Integer> partitions);

        Ownership NONE = new Ownership() {
            @Override
            public void assigned(Set<Integer> partitions, long generation) {}

            @Override
            public void revoked(Set<Integer> partitions) {}
        };
    }

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Consumer<Delivery> pushes;
    private final Consumer<OutcomeCodec.Result> outcomes;
    private final Ownership ownership;
    private final KafkaTracing tracing;
    private final Thread thread;
    private final CountDownLatch firstAssignment = new CountDownLatch(1);
    private volatile boolean running = true;

    public DeliveryListener(KafkaConsumer<byte[], byte[]> consumer, String topic, Consumer<Delivery> pushes,
            Consumer<OutcomeCodec.Result> outcomes, Ownership ownership) {
        this(consumer, topic, pushes, outcomes, ownership, KafkaTracing.off());
    }

    /**
     * @param tracing makes each record's trace context (from its headers) current while the sinks handle it, so a
     *     push's delivery span and the pushed frame join the message's trace
     */
    public DeliveryListener(KafkaConsumer<byte[], byte[]> consumer, String topic, Consumer<Delivery> pushes,
            Consumer<OutcomeCodec.Result> outcomes, Ownership ownership, KafkaTracing tracing) {
        this.tracing = requireNonNull(tracing, "tracing");
        this.consumer = requireNonNull(consumer, "consumer");
        this.topic = requireNonNull(topic, "topic");
        this.pushes = requireNonNull(pushes, "pushes");
        this.outcomes = requireNonNull(outcomes, "outcomes");
        this.ownership = requireNonNull(ownership, "ownership");
        this.thread = Thread.ofPlatform().name("deliveries-" + topic).daemon(true).unstarted(this::run);
    }

    /** Joins the group and waits, at most {@code timeout}, until this process owns its first partitions. */
    public void start(Duration timeout) {
        thread.start();
        try {
            if (!firstAssignment.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("No partition of {} assigned within {}; still trying", topic, timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                if (!partitions.isEmpty()) {
                    ownership.assigned(numbers(partitions), consumer.groupMetadata().generationId());
                }
                firstAssignment.countDown();
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                if (!partitions.isEmpty()) {
                    ownership.revoked(numbers(partitions));
                }
            }

            @Override
            public void onPartitionsLost(Collection<TopicPartition> partitions) {
                onPartitionsRevoked(partitions);
            }
        });
        try {
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    dispatch(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            log.error("Delivery consumer of {} stopped", topic, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void dispatch(ConsumerRecord<byte[], byte[]> record) {
        DeliveryCodec.Received received;
        try {
            received = DeliveryCodec.decode(DeliveryRecord.parseFrom(record.value()));
        } catch (Exception e) {
            log.error("Skipping a bad record at {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
            return;
        }
        try (Scope scope = tracing.extract(record.headers()).makeCurrent()) {
            switch (received) {
                case DeliveryCodec.Received.Pushed(Delivery delivery) -> pushes.accept(delivery);
                case DeliveryCodec.Received.Answered(OutcomeCodec.Result result) -> outcomes.accept(result);
            }
        } catch (RuntimeException e) {
            log.warn("A delivery sink failed on {}-{}@{}", record.topic(), record.partition(), record.offset(), e);
        }
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
