package io.cellchat.platform.observability.errors;

import static java.util.Objects.requireNonNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Hands every exception logged at ERROR to the {@link ExceptionTracker}: the code base logs each unexpected
 * exception once, at ERROR, where it is handled (the error mapping of each transport, the writers, uncaught
 * exceptions), so this one hook sees them all without a second call beside each log line. Attached to the root
 * logger by {@link #install}, whatever the Logback configuration file says.
 */
public final class ExceptionAppender extends AppenderBase<ILoggingEvent> {

    private static final String NAME = "cellchat-exceptions";

    private final ExceptionTracker tracker;

    private ExceptionAppender(ExceptionTracker tracker) {
        this.tracker = requireNonNull(tracker, "tracker");
    }

    /**
     * Attaches a tracker to this JVM's root logger (replacing one attached before), and makes uncaught exceptions
     * of every thread go through the log, so they are tracked too.
     */
    public static void install(ExceptionTracker tracker) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAppender(NAME);
        ExceptionAppender appender = new ExceptionAppender(tracker);
        appender.setName(NAME);
        appender.setContext(context);
        appender.start();
        root.addAppender(appender);
        org.slf4j.Logger uncaught = LoggerFactory.getLogger("io.cellchat.uncaught");
        Thread.setDefaultUncaughtExceptionHandler((thread, error) ->
                uncaught.error("uncaught exception in thread {}", thread.getName(), error));
    }

    /** Detaches the tracker (a process that stops; tests that start several processes in one JVM). */
    public static void uninstall(ExceptionTracker tracker) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
            if (root.getAppender(NAME) instanceof ExceptionAppender appender && appender.tracker == tracker) {
                root.detachAppender(NAME);
            }
        }
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (!event.getLevel().isGreaterOrEqual(Level.ERROR)) {
            return;
        }
        IThrowableProxy proxy = event.getThrowableProxy();
        if (proxy instanceof ThrowableProxy thrown) {
            tracker.record(thrown.getThrowable(), event.getLoggerName(), event.getFormattedMessage(),
                    event.getThreadName(), event.getMDCPropertyMap());
        }
    }
}
