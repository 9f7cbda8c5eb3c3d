package io.cellchat.app;

import io.cellchat.app.cell.GatewayProcess;
import io.cellchat.app.cell.UsersProcess;
import io.cellchat.backplane.BackplaneTopics;
import io.cellchat.domain.id.LeasedIdWorker;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import io.cellchat.platform.kafka.KafkaSettings;
import io.cellchat.platform.postgres.PostgresSettings;
import io.cellchat.platform.redis.RedisSettings;
import io.cellchat.platform.server.ServerSettings;
import io.cellchat.rpc.RpcSettings;
import io.cellchat.services.users.password.Argon2idHasher;
import java.time.Duration;

/**
 * The settings of each role of a cell, from the configuration keys (docs/configuration.md): the one place where a key
 * becomes a typed setting, so the composition roots in {@code app.cell} never read keys. A settings record that
 * refuses a value names its key.
 */
final class CellSettings {

    private CellSettings() {}

    static UsersProcess.Settings users(Config config) {
        return new UsersProcess.Settings(server(config), postgres(config), redis(config), kafka(config, "users"),
                topics(config), lease(config), ids(config),
                new Argon2idHasher.Settings(config.integer("auth.argon2.memory-kib"),
                        config.integer("auth.argon2.iterations")),
                config.duration("auth.session-ttl"), config.duration("rpc.deadline").dividedBy(2));
    }

    static GatewayProcess.Settings gateway(Config config) {
        return new GatewayProcess.Settings(server(config), redis(config),
                new RpcSettings(config.uri("users.url"), config.duration("rpc.deadline")),
                config.integer("kafka.topics.deliveries.partitions"));
    }

    static ServerSettings server(Config config) {
        return new ServerSettings(config.text("server.host"), config.integer("server.port"), Duration.ofSeconds(1));
    }

    static PostgresSettings postgres(Config config) {
        return new PostgresSettings(config.text("postgres.url"), config.text("postgres.user"),
                config.text("postgres.password"), config.integer("postgres.max-pool-size"));
    }

    static RedisSettings redis(Config config) {
        return new RedisSettings(config.text("redis.uri"), config.duration("redis.timeout"),
                config.text("redis.key-prefix"));
    }

    static KafkaSettings kafka(Config config, String role) {
        return new KafkaSettings(config.text("kafka.bootstrap-servers"), "cellchat-" + role);
    }

    static BackplaneTopics topics(Config config) {
        return new BackplaneTopics(config.text("kafka.topics.prefix"), config.integer("kafka.topics.commands.partitions"),
                config.integer("kafka.topics.deliveries.partitions"),
                (short) config.integer("kafka.topics.replication-factor"),
                config.integer("kafka.topics.min-insync-replicas"));
    }

    static LeasedIdWorker.Settings lease(Config config) {
        return new LeasedIdWorker.Settings(config.duration("ids.lease-ttl"), config.duration("ids.lease-renew-every"),
                config.duration("ids.lease-margin"));
    }

    /** Cell and clock settings of a generator whose worker ID is leased (the worker field is not used). */
    static SnowflakeIdGenerator.Settings ids(Config config) {
        return new SnowflakeIdGenerator.Settings(config.integer("cell.id"), 0,
                config.duration("ids.max-clock-step-back"), config.duration("ids.reserve"));
    }
}
