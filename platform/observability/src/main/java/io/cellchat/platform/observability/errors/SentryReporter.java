package io.cellchat.platform.observability.errors;

import static java.util.Objects.requireNonNull;

import io.cellchat.platform.observability.Secret;
import io.sentry.Sentry;
import io.sentry.SentryLevel;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the exceptions the {@link ExceptionTracker} records to Sentry (configuration key {@code sentry.dsn}), with
 * the fingerprint as Sentry's grouping key and the logging context (user, device, conversation and trace IDs) as
 * tags. Sentry's own handlers stay off (the tracker is the one hook), nothing personal is sent by default, and the
 * SDK sends from its own thread, so a Sentry that is down never slows a request.
 */
public final class SentryReporter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SentryReporter.class);

    private SentryReporter() {}

    /**
     * Starts the Sentry SDK.
     *
     * @param dsn the project's DSN
     * @param release the build's version, shown with each event
     * @param serverName names the process (role and instance)
     */
    public static SentryReporter start(Secret dsn, String release, String serverName) {
        requireNonNull(dsn, "dsn");
        Sentry.init(options -> {
            options.setDsn(dsn.reveal());
            options.setRelease(release);
            options.setServerName(serverName);
            options.setSendDefaultPii(false);
            options.setEnableUncaughtExceptionHandler(false);
            options.setEnableShutdownHook(false);
            options.setAttachStacktrace(true);
        });
        log.info("exceptions go to Sentry too (sentry.dsn is set)");
        return new SentryReporter();
    }

    void report(Throwable error, String fingerprint, String logger, String logMessage, Map<String, String> context) {
        Sentry.captureException(error, scope -> {
            scope.setLevel(SentryLevel.ERROR);
            scope.setFingerprint(List.of(fingerprint));
            scope.setTag("fingerprint", fingerprint);
            scope.setTag("logger", logger);
            scope.setExtra("log_message", logMessage);
            context.forEach(scope::setTag);
        });
    }

    /** Sends what is queued (up to 2 s) and stops the SDK. */
    @Override
    public void close() {
        Sentry.flush(2000);
        Sentry.close();
    }
}
