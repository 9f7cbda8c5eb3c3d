package io.cellchat.backplane;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.chat.ChatLog;
import io.cellchat.domain.chat.CommandEnvelope;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.platform.kafka.KafkaTracing;
import io.opentelemetry.context.Context;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The edge's {@link ChatLog} in the distributed cell: {@link #append} writes the command to {@code chat.commands}
 * (idempotent producer, {@code acks=all}) and completes when its outcome comes back from the sequencer through the
 * materializer, on the sender's user partition of {@code chat.deliveries}, which this server owns
 * (docs/design/cell.md, "How the sender learns the outcome"). {@link #complete} is that return path, fed by the
 * {@link DeliveryListener}.
 *
 * <p>It never waits longer than the append timeout: the client then gets {@code UNAVAILABLE} (retriable), and the
 * command carries that deadline, past which the sequencer refuses it, so an answered {@code UNAVAILABLE} does not
 * turn into a message later. At most {@code maxPending} appends wait at once; beyond, {@code UNAVAILABLE} at once.
 */
public final class KafkaChatLog implements ChatLog {

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Clock clock;
    private final Duration timeout;
    private final int maxPending;
    private final Random random;
    private final KafkaTracing tracing;
    private final Map<String, CompletableFuture<Appended>> pending = new ConcurrentHashMap<>();

    /**
     * @param random source of request IDs (a {@link java.security.SecureRandom} in production, so IDs of different
     *     servers never collide)
     */
    public KafkaChatLog(Producer<byte[], byte[]> producer, String topic, Clock clock, Duration timeout, int maxPending,
            Random random) {
        this(producer, topic, clock, timeout, maxPending, random, KafkaTracing.off());
    }

    /**
     * @param tracing writes the context current at {@link #append} (the edge's {@code append} span, with the
     *     message's baggage) into the command record's headers, so the sequencer continues the trace
     */
    public KafkaChatLog(Producer<byte[], byte[]> producer, String topic, Clock clock, Duration timeout, int maxPending,
            Random random, KafkaTracing tracing) {
        this.tracing = requireNonNull(tracing, "tracing");
        this.producer = requireNonNull(producer, "producer");
        this.topic = requireNonNull(topic, "topic");
        this.clock = requireNonNull(clock, "clock");
        this.timeout = requireNonNull(timeout, "timeout");
        this.maxPending = maxPending;
        this.random = requireNonNull(random, "random");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("backplane.append-timeout: " + timeout + " (expected: > 0)");
        }
        if (maxPending < 1) {
            throw new IllegalArgumentException("backplane.max-pending-appends: " + maxPending + " (expected: >= 1)");
        }
    }

    @Override
    public CompletableFuture<Appended> append(CommandEnvelope command) {
        if (pending.size() >= maxPending) {
            return CompletableFuture.failedFuture(new ChatException(ChatError.UNAVAILABLE, "more than " + maxPending
                    + " commands waiting for the sequencer (backplane.max-pending-appends); retry later"));
        }
        String requestId = requestId();
        CompletableFuture<Appended> result = new CompletableFuture<>();
        pending.put(requestId, result);
        CommandCodec.SentCommand sent = new CommandCodec.SentCommand(requestId, clock.instant().plus(timeout), command);
        try {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic,
                    Keys.conversation(command.command().conversation()), CommandCodec.encode(sent).toByteArray());
            tracing.inject(Context.current(), record.headers());
            producer.send(record, (metadata, error) -> {
                        if (error != null) {
                            result.completeExceptionally(new ChatException(ChatError.UNAVAILABLE,
                                    "cannot reach Kafka: " + error.getMessage() + "; nothing was stored, retry"));
                        }
                    });
        } catch (RuntimeException e) {
            result.completeExceptionally(new ChatException(ChatError.UNAVAILABLE,
                    "cannot reach Kafka: " + e.getMessage() + "; nothing was stored, retry"));
        }
        return result.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((appended, error) -> {
                    pending.remove(requestId);
                    if (error == null) {
                        return appended;
                    }
                    if (error instanceof TimeoutException) {
                        throw new ChatException(ChatError.UNAVAILABLE, "no outcome within " + timeout.toMillis()
                                + " ms (backplane.append-timeout); retry with the same idempotency key");
                    }
                    throw error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
                });
    }

    /** Completes the append the outcome answers, if this process waits for it; ignores it otherwise. */
    public void complete(OutcomeCodec.Result result) {
        CompletableFuture<Appended> waiting = pending.get(result.requestId());
        if (waiting == null) {
            return;
        }
        if (result.refusal() != null) {
            waiting.completeExceptionally(result.refusal());
        } else {
            waiting.complete(result.appended());
        }
    }

    /** Appends waiting for their outcome. */
    public int pendingCount() {
        return pending.size();
    }

    private String requestId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
