package io.cellchat.platform.redis;

import static java.util.Objects.requireNonNull;

import io.cellchat.platform.observability.HealthCheck;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The readiness check of a process that needs Redis: a {@code PING} on the process's shared connection, answered
 * {@code PONG} within the timeout. Lettuce reconnects by itself after an outage, so the check turns up again as soon
 * as Redis answers, with nothing to reset.
 */
public final class RedisHealth {

    private RedisHealth() {}

    /** A required check named {@code redis}. */
    public static HealthCheck check(StatefulRedisConnection<?, ?> connection, Duration timeout) {
        requireNonNull(connection, "connection");
        return new HealthCheck("redis", () -> ping(connection, timeout), true, timeout);
    }

    private static boolean ping(StatefulRedisConnection<?, ?> connection, Duration timeout) {
        try {
            return "PONG".equals(connection.async().ping().get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IllegalStateException(cause.getMessage(), cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no PONG within " + timeout.toMillis() + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
