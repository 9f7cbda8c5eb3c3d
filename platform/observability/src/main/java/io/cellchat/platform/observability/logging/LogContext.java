package io.cellchat.platform.observability.logging;

import io.opentelemetry.api.trace.SpanContext;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Puts who and what a piece of work is about into the logging context (SLF4J's MDC), so that every log line
 * written meanwhile carries it: {@code user_id}, {@code device_id}, {@code conversation_id}, {@code trace_id} and
 * {@code span_id}. The JSON log layout prints them as fields of each line. Never put a message body, a password or
 * a token here.
 *
 * <pre>{@code
 * try (LogContext ignored = LogContext.of(userId, deviceId, conversationId, span.getSpanContext())) {
 *     log.debug("accepted send");
 * }
 * }</pre>
 *
 * Closing restores what was there before, so contexts nest. The MDC is per thread: work handed to another thread
 * opens its own context there.
 */
public final class LogContext implements AutoCloseable {

    public static final String USER_ID = "user_id";
    public static final String DEVICE_ID = "device_id";
    public static final String CONVERSATION_ID = "conversation_id";
    public static final String TRACE_ID = "trace_id";
    public static final String SPAN_ID = "span_id";
    private static final String[] KEYS = {USER_ID, DEVICE_ID, CONVERSATION_ID, TRACE_ID, SPAN_ID};

    private final @Nullable String[] previous = new String[KEYS.length];

    private LogContext(long userId, long deviceId, @Nullable String conversationId, @Nullable SpanContext span) {
        for (int i = 0; i < KEYS.length; i++) {
            previous[i] = MDC.get(KEYS[i]);
        }
        MDC.put(USER_ID, Long.toString(userId));
        MDC.put(DEVICE_ID, Long.toString(deviceId));
        set(CONVERSATION_ID, conversationId == null || conversationId.isEmpty() ? null : conversationId);
        if (span != null && span.isValid()) {
            MDC.put(TRACE_ID, span.getTraceId());
            MDC.put(SPAN_ID, span.getSpanId());
        } else {
            MDC.remove(TRACE_ID);
            MDC.remove(SPAN_ID);
        }
    }

    /**
     * A context for work of one device.
     *
     * @param conversationId the conversation, or {@code null} / empty when the work names none
     * @param span the span of the work, or {@code null} (or an invalid one) when not traced
     */
    public static LogContext of(long userId, long deviceId, @Nullable String conversationId,
            @Nullable SpanContext span) {
        return new LogContext(userId, deviceId, conversationId, span);
    }

    private static void set(String key, @Nullable String value) {
        if (value == null) {
            MDC.remove(key);
        } else {
            MDC.put(key, value);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < KEYS.length; i++) {
            set(KEYS[i], previous[i]);
        }
    }
}
