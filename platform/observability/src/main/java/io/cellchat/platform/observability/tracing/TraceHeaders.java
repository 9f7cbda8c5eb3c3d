package io.cellchat.platform.observability.tracing;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Carries a trace context (W3C {@code traceparent}, {@code tracestate}) and its baggage across a process boundary,
 * as named text headers: the optional {@code trace} field of a client frame, a Kafka record's headers, an HTTP
 * request. The adapter of each transport only says how to put and get one header:
 *
 * <pre>{@code
 * // producing a Kafka record
 * tracing.headers().inject(Context.current(), (name, value) -> record.headers().add(name, TraceHeaders.bytes(value)));
 * // consuming one
 * Context parent = tracing.headers().extract(Context.root(), name -> TraceHeaders.text(record.headers().lastHeader(name)...));
 * try (Scope scope = parent.makeCurrent()) { handle(record); }
 * }</pre>
 *
 * When tracing is off both are no-ops, so a transport pays nothing for them.
 */
public final class TraceHeaders {

    /** The header names this carrier writes and reads. */
    public static final List<String> NAMES = List.of("traceparent", "tracestate", "baggage");

    private static final TextMapGetter<Function<String, @Nullable String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, @Nullable String> carrier) {
            return NAMES;
        }

        @Override
        public @Nullable String get(@Nullable Function<String, @Nullable String> carrier, String key) {
            return carrier == null ? null : carrier.apply(key);
        }
    };

    private final TextMapPropagator propagator;

    TraceHeaders(TextMapPropagator propagator) {
        this.propagator = requireNonNull(propagator, "propagator");
    }

    /** Writes the trace context and baggage of {@code context} as headers. */
    public void inject(Context context, BiConsumer<String, String> put) {
        propagator.inject(context, put, (carrier, key, value) -> {
            if (carrier != null) {
                carrier.accept(key, value);
            }
        });
    }

    /** Reads a trace context and baggage from headers into {@code base}; {@code base} itself when there is none. */
    public Context extract(Context base, Function<String, @Nullable String> get) {
        return propagator.extract(base, get, GETTER);
    }

    /** The headers of {@code context}, as a map (empty when tracing is off or nothing is traced). */
    public Map<String, String> toMap(Context context) {
        Map<String, String> map = new LinkedHashMap<>();
        inject(context, map::put);
        return map;
    }

    /** A header value as bytes (Kafka header values are bytes): UTF-8. */
    public static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** A header's bytes as text, {@code null} for none. */
    public static @Nullable String text(byte @Nullable [] value) {
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
