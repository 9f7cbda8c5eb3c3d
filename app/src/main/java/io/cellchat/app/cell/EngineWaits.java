package io.cellchat.app.cell;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cellchat.platform.cassandra.CassandraSessions;
import io.cellchat.platform.cassandra.CassandraSettings;
import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.KafkaSettings;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waiting for an engine that is down when a role starts: one clear log line every few seconds, no stack trace, and
 * the role's {@code /health/ready} stays false meanwhile (the server is up before the wait, so operators and the
 * gateway see why). Returns once the engine answers.
 */
final class EngineWaits {

    private static final Logger log = LoggerFactory.getLogger(EngineWaits.class);
    private static final Duration RETRY = Duration.ofSeconds(2);
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private EngineWaits() {}

    static void kafka(KafkaSettings settings) {
        long lastLog = 0;
        while (true) {
            try (Admin admin = KafkaClients.admin(settings)) {
                int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) RETRY.toMillis()))
                        .nodes().get(RETRY.toMillis() * 2, TimeUnit.MILLISECONDS).size();
                log.info("Kafka at {} answers ({} brokers)", settings.bootstrapServers(), brokers);
                return;
            } catch (Exception e) {
                lastLog = maybeLog(lastLog, "Kafka", settings.bootstrapServers(), e);
                pause();
            }
        }
    }

    static CqlSession cassandra(CassandraSettings settings) {
        long lastLog = 0;
        while (true) {
            try {
                CqlSession session = CassandraSessions.open(settings);
                log.info("Cassandra at {} answers", settings.contactPoints());
                return session;
            } catch (RuntimeException e) {
                lastLog = maybeLog(lastLog, "Cassandra", settings.contactPoints().toString(), e);
                pause();
            }
        }
    }

    private static long maybeLog(long lastLog, String engine, String where, Exception e) {
        long now = System.nanoTime();
        if (lastLog == 0 || now - lastLog > LOG_EVERY.toNanos()) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            log.warn("Waiting for {} at {} (not ready: {}); /health/ready is false until it answers", engine, where,
                    cause.getMessage());
            return now;
        }
        return lastLog;
    }

    private static void pause() {
        try {
            Thread.sleep(RETRY);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an engine", e);
        }
    }
}
