package io.cellchat.platform.kafka;

import static java.util.Objects.requireNonNull;

import io.cellchat.platform.observability.tracing.TraceHeaders;
import io.cellchat.platform.observability.tracing.Tracing;
import io.opentelemetry.context.Context;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.jspecify.annotations.Nullable;

/**
 * Carries the trace context of a message in Kafka record headers ({@code traceparent}, {@code tracestate},
 * {@code baggage}, UTF-8), so that one message is one trace through the backplane: the producer writes the context
 * current when it sends, the consumer makes the record's context current while it handles the record (and what it
 * produces in turn carries it on). With tracing off both do nothing, and records carry no extra header.
 *
 * <pre>{@code
 * ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key, value);
 * kafkaTracing.inject(Context.current(), record.headers());
 * ...
 * try (Scope scope = kafkaTracing.extract(consumed.headers()).makeCurrent()) { handle(consumed); }
 * }</pre>
 */
public final class KafkaTracing {

    private final TraceHeaders headers;

    private static final KafkaTracing OFF = new KafkaTracing(Tracing.start(
            io.cellchat.platform.observability.tracing.TracingSettings.off("cellchat")));

    public KafkaTracing(Tracing tracing) {
        this.headers = requireNonNull(tracing, "tracing").headers();
    }

    /** Tracing off: injects nothing, extracts the root context. */
    public static KafkaTracing off() {
        return OFF;
    }

    /** Writes the trace headers of {@code context}, replacing any the record already had. */
    public void inject(Context context, Headers record) {
        headers.inject(context, (name, value) -> {
            record.remove(name);
            record.add(name, TraceHeaders.bytes(value));
        });
    }

    /** The context of a consumed record: its trace and baggage under the root context, or the root when it has none. */
    public Context extract(Headers record) {
        return headers.extract(Context.root(), name -> last(record, name));
    }

    private static @Nullable String last(Headers record, String name) {
        Header header = record.lastHeader(name);
        return header == null ? null : TraceHeaders.text(header.value());
    }
}
