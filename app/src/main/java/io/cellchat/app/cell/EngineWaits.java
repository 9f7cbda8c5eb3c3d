package io.cellchat.app.cell;

import com.datastax.oss.driver.api.core.CqlSession;
import com.zaxxer.hikari.HikariDataSource;
import io.cellchat.domain.id.LeasedIdWorker;
import io.cellchat.domain.id.Snowflake;
import io.cellchat.domain.id.Ticker;
import io.cellchat.platform.cassandra.CassandraSessions;
import io.cellchat.platform.cassandra.CassandraSettings;
import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.KafkaSettings;
import io.cellchat.platform.postgres.PostgresDataSources;
import io.cellchat.platform.postgres.PostgresSettings;
import io.cellchat.platform.redis.RedisSettings;
import io.cellchat.platform.redis.RedisWorkerLeases;
import io.cellchat.platform.redis.SharedRedis;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waiting for an engine that is down when a role starts: a try every second, one clear log line every ten seconds
 * with the cause in one line (no stack trace), and the role's {@code /health/ready} stays false meanwhile (the server
 * is up before the wait, so operators and the gateway see why). Each method returns once its engine answers; one
 * method per engine, so every role connects the same way.
 */
final class EngineWaits {

    private static final Logger log = LoggerFactory.getLogger(EngineWaits.class);
    static final Duration RETRY = Duration.ofSeconds(1);
    static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private EngineWaits() {}

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
                    log.info("{} answers, after {} s", what, (System.nanoTime() - started) / 1_000_000_000);
                }
                return connected;
            } catch (RuntimeException e) {
                long now = System.nanoTime();
                if (!waited || now - lastLog >= LOG_EVERY.toNanos()) {
                    log.warn("Waiting for {} (not ready: {}); /health/ready is false until it answers", what,
                            rootCause(e));
                    lastLog = now;
                }
                waited = true;
            }
            try {
                Thread.sleep(RETRY);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + what, e);
            }
        }
    }

    static void kafka(KafkaSettings settings) {
        kafkaAdmin(settings).close();
    }

    /** An admin client of a cluster that answers. */
    static Admin kafkaAdmin(KafkaSettings settings) {
        Admin admin = KafkaClients.admin(settings);
        int brokers = until("Kafka at " + settings.bootstrapServers(), () -> brokers(admin));
        log.info("Kafka at {} answers ({} brokers)", settings.bootstrapServers(), brokers);
        return admin;
    }

    /** The number of brokers, if the cluster answers within a few seconds; else throws why. */
    static int brokers(Admin admin) {
        try {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) (2 * RETRY.toMillis())))
                    .nodes().get(4 * RETRY.toMillis(), TimeUnit.MILLISECONDS).size();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + 4 * RETRY.toSeconds() + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    static CqlSession cassandra(CassandraSettings settings) {
        return until("Cassandra at " + settings.contactPoints(), () -> CassandraSessions.open(settings));
    }

    /** A session whose driver meters ({@code cassandra_*}) go to {@code metrics}. */
    static CqlSession cassandra(CassandraSettings settings, MeterRegistry metrics) {
        return until("Cassandra at " + settings.contactPoints(), () -> CassandraSessions.open(settings, metrics));
    }

    /** A pool whose meters ({@code hikaricp_*}, tag {@code pool}) go to {@code metrics}. */
    static HikariDataSource postgres(PostgresSettings settings, String pool, MeterRegistry metrics) {
        return until("PostgreSQL at " + settings.jdbcUrl(), () -> PostgresDataSources.open(settings, pool, metrics));
    }

    /** A connection whose command latencies ({@code lettuce_*}) go to {@code metrics}. */
    static SharedRedis redis(RedisSettings settings, MeterRegistry metrics) {
        return until("Redis at " + settings.safeUri(), () -> SharedRedis.open(settings, metrics));
    }

    /** A worker ID leased in Redis for this process run (it waits while every worker ID is taken). */
    static LeasedIdWorker idWorker(SharedRedis redis, LeasedIdWorker.Settings settings, String role, Clock clock) {
        String holder = role + "@" + host() + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID();
        return until("a free ID worker in Redis", () -> LeasedIdWorker.acquire(
                new RedisWorkerLeases(redis, Snowflake.MAX_WORKER + 1), holder, settings, clock, Ticker.system()));
    }

    /** The innermost cause, as one line: {@code ConnectException: Connection refused}. */
    static String rootCause(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; depth < 32 && cause.getCause() != null; depth++) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message.lines().findFirst().orElse(""));
    }

    private static String host() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "localhost" : host;
    }
}
