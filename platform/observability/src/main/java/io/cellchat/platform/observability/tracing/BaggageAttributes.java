package io.cellchat.platform.observability.tracing;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Copies the baggage in force when a span starts into the span's attributes (as {@code baggage.<key>}), so that the
 * user, device and conversation IDs a message carries show on every span of its trace, in every process, though
 * trace backends never see baggage itself.
 */
final class BaggageAttributes implements SpanProcessor {

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
        Baggage.fromContext(parentContext).forEach((key, entry) -> span.setAttribute("baggage." + key, entry.getValue()));
    }

    @Override
    public boolean isStartRequired() {
        return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
        return false;
    }
}
