package io.cellchat.platform.observability.errors;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Collections;
import org.jspecify.annotations.Nullable;

/**
 * Counts and keeps the unexpected exceptions of a process: every exception logged at ERROR (the code logs each
 * unexpected one exactly there, see {@link ExceptionAppender}) and every uncaught one.
 *
 * <ul>
 *   <li>Counted in {@code cellchat_exceptions_total{type, fingerprint}}. The fingerprint is a digest of the
 *       exception types and the top frames (class and method, no line numbers) of the exception and its causes, so
 *       one bug has one fingerprint across runs and small edits. Tags stay bounded: after
 *       {@value #MAX_FINGERPRINTS} fingerprints, new ones count under {@code fingerprint="other"}.</li>
 *   <li>The latest occurrence of each fingerprint is kept, with its stack trace and logging context, for the
 *       admin endpoint ({@code /admin/exceptions}); at most {@value #MAX_KEPT} kinds, the least recent dropped.</li>
 *   <li>Forwarded to Sentry when a DSN is configured ({@link SentryReporter}).</li>
 * </ul>
 */
public final class ExceptionTracker {

    static final int MAX_FINGERPRINTS = 200;
    static final int MAX_KEPT = 100;
    private static final int FRAMES = 5;
    private static final int MAX_STACK_CHARS = 16_384;

    private final MeterRegistry metrics;
    private final Clock clock;
    private final @Nullable SentryReporter sentry;
    private final Map<String, TrackedException> kept = new LinkedHashMap<>(16, 0.75f, true);
    private final Map<String, Counter> counters = new LinkedHashMap<>();

    public ExceptionTracker(MeterRegistry metrics, Clock clock, @Nullable SentryReporter sentry) {
        this.metrics = requireNonNull(metrics, "metrics");
        this.clock = requireNonNull(clock, "clock");
        this.sentry = sentry;
    }

    /**
     * Records one unexpected exception.
     *
     * @param context the logging context at the time (IDs only; see LogContext)
     */
    public void record(Throwable error, String logger, String logMessage, String thread, Map<String, String> context) {
        String fingerprint = fingerprint(error);
        Instant now = clock.instant();
        synchronized (this) {
            counter(error.getClass().getName(), fingerprint).increment();
            TrackedException before = kept.get(fingerprint);
            kept.put(fingerprint, new TrackedException(fingerprint, error.getClass().getName(),
                    error.getMessage() == null ? "" : error.getMessage(), before == null ? 1 : before.count() + 1,
                    before == null ? now : before.firstSeen(), now, logger, logMessage, thread, context,
                    stackTrace(error)));
            if (kept.size() > MAX_KEPT) {
                kept.remove(kept.keySet().iterator().next());
            }
        }
        if (sentry != null) {
            sentry.report(error, fingerprint, logger, logMessage, context);
        }
    }

    private Counter counter(String type, String fingerprint) {
        String key = type + " " + fingerprint;
        Counter counter = counters.get(key);
        if (counter == null) {
            boolean full = counters.size() >= MAX_FINGERPRINTS;
            counter = Counter.builder("cellchat.exceptions")
                    .description("unexpected exceptions, by type and fingerprint (see /admin/exceptions)")
                    .tags("type", full ? "other" : type, "fingerprint", full ? "other" : fingerprint)
                    .register(metrics);
            if (!full) {
                counters.put(key, counter);
            }
        }
        return counter;
    }

    /** The kinds kept, most recent first. */
    public synchronized List<TrackedException> latest() {
        List<TrackedException> list = new ArrayList<>(kept.values());
        list.sort(Comparator.comparing(TrackedException::lastSeen).reversed());
        return list;
    }

    /**
     * A short, stable digest of what went wrong where: for the exception and each cause, its type and its top
     * {@value #FRAMES} frames as {@code class.method} (line numbers left out, so an edit elsewhere in a file does
     * not change it), SHA-256, the first 12 hex digits.
     */
    public static String fingerprint(Throwable error) {
        StringBuilder text = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = error; t != null && seen.add(t); t = t.getCause()) {
            text.append(t.getClass().getName()).append('\n');
            StackTraceElement[] frames = t.getStackTrace();
            for (int i = 0; i < Math.min(FRAMES, frames.length); i++) {
                text.append(frames[i].getClassName()).append('.').append(frames[i].getMethodName()).append('\n');
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static String stackTrace(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        String trace = text.toString();
        return trace.length() <= MAX_STACK_CHARS ? trace : trace.substring(0, MAX_STACK_CHARS) + "\n\t...";
    }
}
