package io.cellchat.platform.observability.errors;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Map;

/**
 * One kind of unexpected exception (one fingerprint) as the admin endpoint shows it: how often it happened, when
 * first and last, and the latest occurrence in full.
 *
 * @param fingerprint stable across runs of one build: see {@link ExceptionTracker#fingerprint}
 * @param type the exception's class name
 * @param message the latest occurrence's message (may be empty)
 * @param count occurrences since start
 * @param firstSeen first occurrence
 * @param lastSeen latest occurrence
 * @param logger the logger that reported it
 * @param logMessage what the log line said about it
 * @param thread the thread it happened on
 * @param context the logging context of the latest occurrence (user, device, conversation, trace IDs)
 * @param stackTrace the latest occurrence's stack trace, causes included
 */
public record TrackedException(String fingerprint, String type, String message, long count, Instant firstSeen,
        Instant lastSeen, String logger, String logMessage, String thread, Map<String, String> context,
        String stackTrace) {

    public TrackedException {
        requireNonNull(fingerprint, "fingerprint");
        context = Map.copyOf(context);
    }
}
