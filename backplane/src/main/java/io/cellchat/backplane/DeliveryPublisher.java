package io.cellchat.backplane;

import static java.util.Objects.requireNonNull;

import io.cellchat.contracts.backplane.v1.Outcome;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.platform.kafka.KafkaTracing;
import io.opentelemetry.context.Context;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * Writes pushes and outcomes to {@code chat.deliveries}: one record per recipient, keyed by the recipient's user ID,
 * so it lands on the partition of the server that holds the recipient's connections. Records of one thread keep
 * their order per recipient (one producer, idempotent, ordered per partition).
 *
 * <p>Sends are asynchronous. {@link #flush} waits for every send so far and throws if one failed, so a caller that
 * must not lose them (the materializer, before it commits its offsets) learns it; others ignore failures, which are
 * logged: a lost push is recovered by the client's sync.
 */
public final class DeliveryPublisher {

    private static final Logger log = LoggerFactory.getLogger(DeliveryPublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final KafkaTracing tracing;
    private final AtomicReference<@Nullable Exception> failure = new AtomicReference<>();

    public DeliveryPublisher(Producer<byte[], byte[]> producer, String topic) {
        this(producer, topic, KafkaTracing.off());
    }

    /**
     * @param tracing writes the context current at each publish (the materializer's span of the event, or a users
     *     role request) into the record's headers, so the recipient's server continues the trace
     */
    public DeliveryPublisher(Producer<byte[], byte[]> producer, String topic, KafkaTracing tracing) {
        this.producer = requireNonNull(producer, "producer");
        this.topic = requireNonNull(topic, "topic");
        this.tracing = requireNonNull(tracing, "tracing");
    }

    public void publish(Delivery delivery) {
        for (long recipient : delivery.recipients()) {
            send(recipient, DeliveryCodec.push(recipient, delivery.push()).toByteArray());
        }
    }

    public void publish(Outcome outcome) {
        send(outcome.getActor(), DeliveryCodec.outcome(outcome).toByteArray());
    }

    private void send(long recipient, byte[] value) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, Keys.user(recipient), value);
        tracing.inject(Context.current(), record.headers());
        producer.send(record, (metadata, error) -> {
            if (error != null && failure.compareAndSet(null, error)) {
                log.warn("Cannot write to {}: {}", topic, error.toString());
            }
        });
    }

    /**
     * Waits until every record sent so far is acknowledged.
     *
     * @throws KafkaWriteException if one of them failed since the last flush
     */
    public void flush() {
        producer.flush();
        Exception error = failure.getAndSet(null);
        if (error != null) {
            throw new KafkaWriteException("a record to " + topic + " was not written: " + error.getMessage(), error);
        }
    }

    /** A write to Kafka failed; the caller retries what it was doing. */
    public static final class KafkaWriteException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        KafkaWriteException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
