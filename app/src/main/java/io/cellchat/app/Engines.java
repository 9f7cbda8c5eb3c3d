package io.cellchat.app;

import com.zaxxer.hikari.HikariDataSource;
import io.cellchat.backplane.BackplaneTopics;
import io.cellchat.domain.id.LeasedIdWorker;
import io.cellchat.domain.id.Snowflake;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import io.cellchat.domain.id.Ticker;
import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.KafkaSettings;
import io.cellchat.platform.postgres.PostgresDataSources;
import io.cellchat.platform.postgres.PostgresSettings;
import io.cellchat.platform.redis.RedisSettings;
import io.cellchat.platform.redis.RedisWorkerLeases;
import io.cellchat.platform.redis.SharedRedis;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * How a role of the cell reaches its engines from the configuration keys, waiting for each at start
 * ({@link EngineWait}). One method per engine, so every composition root connects the same way.
 */
final class Engines {

    private Engines() {}

    static HikariDataSource postgres(Config config, String pool) {
        PostgresSettings settings = new PostgresSettings(config.text("postgres.url"), config.text("postgres.user"),
                config.text("postgres.password"), config.integer("postgres.max-pool-size"));
        return EngineWait.until("PostgreSQL at " + settings.jdbcUrl(), () -> PostgresDataSources.open(settings, pool));
    }

    static SharedRedis redis(Config config) {
        RedisSettings settings = new RedisSettings(config.text("redis.uri"), config.duration("redis.timeout"),
                config.text("redis.key-prefix"));
        return EngineWait.until("Redis at " + settings.safeUri(), () -> SharedRedis.open(settings));
    }

    static KafkaSettings kafka(Config config, String role) {
        return new KafkaSettings(config.text("kafka.bootstrap-servers"), "cellchat-" + role);
    }

    /** The backplane's topics as the configuration sizes them. */
    static BackplaneTopics topics(Config config) {
        return new BackplaneTopics(config.text("kafka.topics.prefix"), config.integer("kafka.topics.commands.partitions"),
                config.integer("kafka.topics.deliveries.partitions"),
                (short) config.integer("kafka.topics.replication-factor"),
                config.integer("kafka.topics.min-insync-replicas"));
    }

    /** An admin client, once the cluster answers. */
    static Admin kafkaAdmin(KafkaSettings settings) {
        Admin admin = KafkaClients.admin(settings);
        EngineWait.until("Kafka at " + settings.bootstrapServers(), () -> kafkaReachable(admin));
        return admin;
    }

    /** Whether the cluster answers a metadata request within 2 s; throws the reason when it does not. */
    static boolean kafkaReachable(Admin admin) {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes().get(3, TimeUnit.SECONDS);
            return true;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within 3 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** A worker ID leased in Redis for this process, and a generator minting under it (cell {@code cell.id}). */
    static LeasedIdWorker idWorker(Config config, SharedRedis redis, String role, Clock clock) {
        LeasedIdWorker.Settings settings = new LeasedIdWorker.Settings(config.duration("ids.lease-ttl"),
                config.duration("ids.lease-renew-every"), config.duration("ids.lease-margin"));
        String holder = role + "@" + host() + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID();
        return EngineWait.until("a free ID worker in Redis", () -> LeasedIdWorker.acquire(
                new RedisWorkerLeases(redis, Snowflake.MAX_WORKER + 1), holder, settings, clock,
                Ticker.system()));
    }

    static SnowflakeIdGenerator.Settings idSettings(Config config) {
        return new SnowflakeIdGenerator.Settings(config.integer("cell.id"), 0,
                config.duration("ids.max-clock-step-back"), config.duration("ids.reserve"));
    }

    private static String host() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "localhost" : host;
    }
}
