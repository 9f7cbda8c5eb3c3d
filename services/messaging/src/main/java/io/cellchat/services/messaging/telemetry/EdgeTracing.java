package io.cellchat.services.messaging.telemetry;

import static java.util.Objects.requireNonNull;

import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.TraceContext;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.platform.observability.tracing.Tracing;
import io.cellchat.platform.observability.tracing.W3cTraceFields;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Where the edge meets tracing: a client frame's optional {@code trace} field becomes the parent of the frame's span,
 * with the baggage the whole message path carries ({@code cellchat.user_id}, {@code cellchat.device_id},
 * {@code cellchat.conversation_id}, set from the authenticated connection, never from the client); and a delivery
 * gets its own span under whatever context the event bus made current.
 *
 * <p>The {@code trace} field is checked whenever a client sends it ({@link W3cTraceFields}), traced or not, so a
 * client's bug shows the same on every server; when tracing is off nothing else happens.
 */
public final class EdgeTracing {

    public static final String USER = "cellchat.user_id";
    public static final String DEVICE = "cellchat.device_id";
    public static final String CONVERSATION = "cellchat.conversation_id";

    private final Tracing tracing;

    public EdgeTracing(Tracing tracing) {
        this.tracing = requireNonNull(tracing, "tracing");
    }

    public boolean enabled() {
        return tracing.enabled();
    }

    /** Refuses a malformed {@code trace} field, traced or not. */
    public static void check(ClientFrame frame) {
        if (frame.hasTrace()) {
            TraceContext trace = frame.getTrace();
            String problem = W3cTraceFields.problem("trace", trace.getTraceparent(), trace.getTracestate(),
                    trace.getBaggage());
            if (problem != null) {
                throw new ChatException(ChatError.INVALID_ARGUMENT, problem);
            }
        }
    }

    /**
     * Starts the span of a frame's work, or returns {@link FrameTrace#NONE} when tracing is off or the trace was
     * not sampled.
     *
     * @param conversationId the conversation the frame names, empty for none
     */
    public FrameTrace begin(long userId, long deviceId, String conversationId, ClientFrame frame) {
        if (!tracing.enabled()) {
            return FrameTrace.NONE;
        }
        Context parent = Context.root();
        if (frame.hasTrace()) {
            TraceContext trace = frame.getTrace();
            parent = tracing.headers().extract(parent, name -> switch (name) {
                case "traceparent" -> blankToNull(trace.getTraceparent());
                case "tracestate" -> blankToNull(trace.getTracestate());
                case "baggage" -> blankToNull(trace.getBaggage());
                default -> null;
            });
        }
        var baggage = Baggage.fromContext(parent).toBuilder()
                .put(USER, Long.toString(userId))
                .put(DEVICE, Long.toString(deviceId));
        if (conversationId.isEmpty()) {
            baggage.remove(CONVERSATION);
        } else {
            baggage.put(CONVERSATION, conversationId);
        }
        parent = parent.with(baggage.build());
        String kind = frame.getKindCase().name().toLowerCase(Locale.ROOT);
        Span span = tracing.tracer().spanBuilder("frame " + kind)
                .setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("cellchat.frame.kind", kind)
                .setAttribute("cellchat.request_id", frame.getRequestId())
                .startSpan();
        if (!span.getSpanContext().isSampled()) {
            return FrameTrace.NONE;
        }
        Context context = parent.with(span);
        return new FrameTrace(span, context, tracing.headers().toMap(context));
    }

    /**
     * Starts a span inside a frame's work (the store's append), or {@link FrameTrace#NONE} when the frame is not
     * traced.
     */
    public FrameTrace child(FrameTrace parent, String name) {
        if (!parent.traced()) {
            return FrameTrace.NONE;
        }
        Context context = parent.context();
        Span span = tracing.tracer().spanBuilder(name).setParent(context).setSpanKind(SpanKind.INTERNAL).startSpan();
        return new FrameTrace(span, context.with(span), java.util.Map.of());
    }

    /**
     * Starts the span of a delivery to this server's devices, under the current context (the command's span in the
     * single process; the context from the Kafka record's headers in a cell), or {@link FrameTrace#NONE} when there
     * is no traced parent.
     */
    public FrameTrace delivery(ServerFrame.KindCase kind, int recipients) {
        if (!tracing.enabled()) {
            return FrameTrace.NONE;
        }
        Context parent = Context.current();
        if (!Span.fromContext(parent).getSpanContext().isSampled()) {
            return FrameTrace.NONE;
        }
        Span span = tracing.tracer().spanBuilder("deliver " + kind.name().toLowerCase(Locale.ROOT))
                .setParent(parent)
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute("cellchat.recipients", recipients)
                .startSpan();
        Context context = parent.with(span);
        return new FrameTrace(span, context, tracing.headers().toMap(context));
    }

    private static @Nullable String blankToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
