package io.cellchat.services.messaging.telemetry;

import io.cellchat.contracts.v1.TraceContext;
import com.google.errorprone.annotations.MustBeClosed;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * The span of one client frame's work on the edge, from decoding to the answer (for a command: until it is
 * durable and {@code accepted} is sent). {@link #NONE} stands for "not traced" and costs nothing, so callers never
 * test whether tracing is on. {@link #makeCurrent()} makes the span the parent of what the work starts (the store's
 * append, and through it the deliveries), on the calling thread.
 */
public final class FrameTrace {

    /** Not traced: every method does nothing. */
    public static final FrameTrace NONE = new FrameTrace(Span.getInvalid(), Context.root(), Map.of());

    private final Span span;
    private final Context context;
    private final Map<String, String> headers;

    FrameTrace(Span span, Context context, Map<String, String> headers) {
        this.span = span;
        this.context = context;
        this.headers = headers;
    }

    public SpanContext spanContext() {
        return span.getSpanContext();
    }

    Context context() {
        return context;
    }

    public boolean traced() {
        return this != NONE;
    }

    @MustBeClosed
    public Scope makeCurrent() {
        // NONE leaves the current context alone (a delivery outside any trace must not clear the caller's).
        return this == NONE ? Scope.noop() : context.makeCurrent();
    }

    /** The trace fields for the answer frame, or {@code null} when not traced. */
    public @Nullable TraceContext toProto() {
        if (this == NONE || headers.isEmpty()) {
            return null;
        }
        return TraceContext.newBuilder()
                .setTraceparent(headers.getOrDefault("traceparent", ""))
                .setTracestate(headers.getOrDefault("tracestate", ""))
                .build();
    }

    /** Adds an attribute (the sequence number the command took, the events a sync returned). */
    public void attribute(String key, long value) {
        span.setAttribute(key, value);
    }

    /** Ends the span; an error marks it failed. Safe to call more than once (only the first counts). */
    public void end(@Nullable Throwable error) {
        if (this == NONE) {
            return;
        }
        if (error != null) {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            span.setStatus(StatusCode.ERROR, cause.getClass().getSimpleName());
            span.recordException(cause);
        }
        span.end();
    }
}
