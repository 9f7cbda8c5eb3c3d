package io.cellchat.platform.kafka;

import static java.util.Objects.requireNonNull;

import io.cellchat.platform.observability.HealthCheck;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * The readiness check of a process that needs Kafka: the cluster's brokers described through the process's admin
 * client within the timeout (a metadata round trip to any live broker). The client's own timeout is the check's, so
 * a dead cluster never holds the probe longer; the admin client reconnects by itself.
 */
public final class KafkaHealth {

    private KafkaHealth() {}

    /** A required check named {@code kafka}. */
    public static HealthCheck check(Admin admin, Duration timeout) {
        requireNonNull(admin, "admin");
        int millis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        return new HealthCheck("kafka", () -> {
            try {
                return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(millis))
                        .nodes().get(millis, TimeUnit.MILLISECONDS).isEmpty();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new IllegalStateException(cause.getMessage(), cause);
            } catch (TimeoutException e) {
                throw new IllegalStateException("no broker answered within " + millis + " ms", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }, true, timeout);
    }
}
