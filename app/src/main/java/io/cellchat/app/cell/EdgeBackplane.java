package io.cellchat.app.cell;

import static java.util.Objects.requireNonNull;

import io.cellchat.backplane.BackplaneTopics;
import io.cellchat.backplane.DeliveryListener;
import io.cellchat.backplane.DeliveryPublisher;
import io.cellchat.backplane.KafkaChatLog;
import io.cellchat.backplane.KafkaEventBus;
import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.KafkaSettings;
import io.cellchat.platform.kafka.KafkaTracing;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.jspecify.annotations.Nullable;

/**
 * A messaging server's side of the backplane, in two steps because of a cycle: the {@link KafkaChatLog} and the
 * {@link KafkaEventBus} are needed to build the messaging service, and the service's partition ownership is needed
 * to join the group that feeds them. So: {@link #open}, build the service, then {@link #listen} with its ownership.
 * One producer serves commands and pushes; one consumer of {@code chat.deliveries} feeds pushes to the bus and
 * outcomes to the chat log.
 */
public final class EdgeBackplane implements AutoCloseable {

    private final KafkaSettings kafka;
    private final BackplaneTopics topics;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaChatLog chatLog;
    private final KafkaEventBus bus;
    private final KafkaTracing tracing;
    private final UnaryOperator<KafkaConsumer<byte[], byte[]>> consumers;
    private @Nullable DeliveryListener listener;

    private EdgeBackplane(KafkaSettings kafka, BackplaneTopics topics, KafkaProducer<byte[], byte[]> producer,
            KafkaChatLog chatLog, KafkaEventBus bus, KafkaTracing tracing,
            UnaryOperator<KafkaConsumer<byte[], byte[]>> consumers) {
        this.tracing = tracing;
        this.consumers = consumers;
        this.kafka = kafka;
        this.topics = topics;
        this.producer = producer;
        this.chatLog = chatLog;
        this.bus = bus;
    }

    /**
     * Opens the producer and the two adapters. The producer gives up on a record before the append timeout, so a send
     * while Kafka is unreachable is answered {@code UNAVAILABLE} within it, and never blocks the caller's thread
     * for more than a second.
     */
    public static EdgeBackplane open(KafkaSettings kafka, BackplaneTopics topics, Clock clock, Duration appendTimeout,
            int maxPendingAppends) {
        return open(kafka, topics, clock, appendTimeout, maxPendingAppends, KafkaTracing.off(),
                UnaryOperator.identity(), UnaryOperator.identity());
    }

    /**
     * Opens the backplane of a messaging server that traces and measures its clients.
     *
     * @param tracing carries a message's trace in the headers of the commands and pushes it writes, and continues it
     *     from the headers of the deliveries it reads
     * @param producers binds the producer's meters (the role's {@link RoleServer#metered})
     * @param consumers binds the deliveries consumer's meters, its lag among them
     */
    static EdgeBackplane open(KafkaSettings kafka, BackplaneTopics topics, Clock clock, Duration appendTimeout,
            int maxPendingAppends, KafkaTracing tracing, UnaryOperator<KafkaProducer<byte[], byte[]>> producers,
            UnaryOperator<KafkaConsumer<byte[], byte[]>> consumers) {
        long deliveryTimeout = Math.max(2_000, appendTimeout.toMillis() - 1_000);
        KafkaProducer<byte[], byte[]> producer = producers.apply(KafkaClients.producer(kafka, Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(deliveryTimeout - 100, 30_000),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout)));
        KafkaChatLog chatLog = new KafkaChatLog(producer, topics.commands(), clock, appendTimeout, maxPendingAppends,
                new SecureRandom(), tracing);
        KafkaEventBus bus = new KafkaEventBus(new DeliveryPublisher(producer, topics.deliveries(), tracing));
        return new EdgeBackplane(kafka, topics, producer, chatLog, bus, tracing, consumers);
    }

    public KafkaChatLog chatLog() {
        return chatLog;
    }

    public KafkaEventBus bus() {
        return bus;
    }

    /** Joins the messaging servers' group on {@code chat.deliveries}; returns once the first partitions are owned. */
    public void listen(String group, DeliveryListener.Ownership ownership) {
        requireNonNull(ownership, "ownership");
        listener = new DeliveryListener(consumers.apply(KafkaClients.consumer(kafka, group, Map.of(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest"))), topics.deliveries(), bus::deliver,
                chatLog::complete, ownership, tracing);
        listener.start(Duration.ofSeconds(60));
    }

    /** Leaves the group (the partitions move, their clients get hints), then closes the producer. */
    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
