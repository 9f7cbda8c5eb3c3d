package io.cellchat.app;

import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits at start for an engine that is not up yet (PostgreSQL, Redis, Kafka, another role): tries to connect every
 * second, and says so in one log line every ten seconds, with the cause in one line, not a stack trace. The process
 * meanwhile answers {@code /health/live} and reports itself unready on {@code /health/ready}.
 */
final class EngineWait {

    private static final Logger log = LoggerFactory.getLogger(EngineWait.class);
    static final Duration RETRY_EVERY = Duration.ofSeconds(1);
    static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private EngineWait() {}

    /**
     * Calls {@code connect} until it returns.
     *
     * @param what the engine and where, for the log: {@code "PostgreSQL at jdbc:postgresql://db:5432/cellchat"}
     * @throws IllegalStateException if the thread is interrupted (the process is shutting down)
     */
    static <T> T until(String what, Supplier<T> connect) {
        long started = System.nanoTime();
        long lastLog = 0;
        boolean waited = false;
        while (true) {
            try {
                T connected = connect.get();
                if (waited) {
                    log.info("{} is up after {} s", what, (System.nanoTime() - started) / 1_000_000_000);
                }
                return connected;
            } catch (RuntimeException e) {
                long now = System.nanoTime();
                if (!waited || now - lastLog >= LOG_EVERY.toNanos()) {
                    log.warn("waiting for {}: {}; retrying every {} s", what, rootCause(e),
                            RETRY_EVERY.toSeconds());
                    lastLog = now;
                }
                waited = true;
            }
            try {
                Thread.sleep(RETRY_EVERY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("stopped while waiting for " + what, e);
            }
        }
    }

    /** The innermost cause, as one line: {@code ConnectException: Connection refused}. */
    static String rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }
}
