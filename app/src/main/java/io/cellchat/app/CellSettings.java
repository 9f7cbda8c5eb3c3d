package io.cellchat.app;

import io.cellchat.app.cell.GatewayProcess;
import io.cellchat.app.cell.HistoryProcess;
import io.cellchat.app.cell.MessagingProcess;
import io.cellchat.app.cell.SequencerProcess;
import io.cellchat.app.cell.UsersProcess;
import io.cellchat.backplane.BackplaneTopics;
import io.cellchat.domain.chat.ChatLimits;
import io.cellchat.domain.id.LeasedIdWorker;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import io.cellchat.platform.cassandra.CassandraSettings;
import io.cellchat.platform.kafka.KafkaSettings;
import io.cellchat.platform.postgres.PostgresSettings;
import io.cellchat.platform.redis.RedisSettings;
import io.cellchat.platform.server.ServerSettings;
import io.cellchat.rpc.RpcSettings;
import io.cellchat.services.messaging.MessagingSettings;
import io.cellchat.services.sequencer.SequencerSettings;
import io.cellchat.services.users.auth.AuthSettings;
import io.cellchat.services.users.password.Argon2idHasher;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of each role of a cell (and the edge settings {@code cellchat dev} shares with them), from the
 * configuration keys (docs/configuration.md): the one place where a key becomes a typed setting, so the composition
 * roots in {@code app.cell} never read keys. A settings record that
 * refuses a value names its key.
 */
final class CellSettings {

    private CellSettings() {}

    static UsersProcess.Settings users(Config config) {
        return new UsersProcess.Settings(server(config), postgres(config), redis(config), kafka(config, "users"),
                topics(config), lease(config), ids(config),
                new Argon2idHasher.Settings(config.integer("auth.argon2.memory-kib"),
                        config.integer("auth.argon2.iterations")),
                auth(config), rpc(config, "history.url"), config.duration("rpc.deadline").dividedBy(2),
                TelemetrySettings.of(config));
    }

    static MessagingProcess.Settings messaging(Config config) {
        ServerSettings server = server(config);
        String address = config.text("messaging.address").isEmpty()
                ? "http://" + server.host() + ":" + server.port() : config.text("messaging.address");
        if (config.text("messaging.address").isEmpty() && server.port() == 0) {
            throw new IllegalArgumentException("messaging.address: '' (expected: set when server.port is 0, since"
                    + " clients must be told a port)");
        }
        return new MessagingProcess.Settings(server, address, redis(config), postgres(config),
                kafka(config, "messaging"), topics(config), config.text("messaging.group"),
                rpc(config, "users.url"), rpc(config, "history.url"), lease(config), ids(config), limits(config),
                edge(config), config.duration("backplane.append-timeout"),
                config.integer("backplane.max-pending-appends"), config.duration("messaging.route-ttl"),
                config.duration("messaging.reconnect-hint-wait"), config.duration("messaging.drain-timeout"),
                TelemetrySettings.of(config));
    }

    static SequencerProcess.Settings sequencer(Config config) {
        return new SequencerProcess.Settings(server(config), kafka(config, "sequencer"), topics(config),
                new SequencerSettings(config.text("sequencer.application-id"), Path.of(config.text("sequencer.state-dir")),
                        config.duration("sequencer.commit-interval"), config.integer("sequencer.standby-replicas"),
                        config.integer("sequencer.threads"), config.duration("sequencer.session-timeout")),
                limits(config), redis(config), lease(config), ids(config), TelemetrySettings.of(config));
    }

    static HistoryProcess.Settings history(Config config) {
        return new HistoryProcess.Settings(server(config), kafka(config, "history"), topics(config),
                config.text("materializer.group"), cassandra(config), replication(config),
                config.integer("materializer.max-in-flight"), config.duration("materializer.max-backoff"),
                TelemetrySettings.of(config));
    }

    static GatewayProcess.Settings gateway(Config config) {
        return new GatewayProcess.Settings(server(config), redis(config),
                rpc(config, "users.url"), config.duration("gateway.users-timeout"),
                config.integer("kafka.topics.deliveries.partitions"), TelemetrySettings.of(config));
    }

    static RpcSettings rpc(Config config, String urlKey) {
        return new RpcSettings(config.uri(urlKey), config.duration("rpc.deadline"));
    }

    /** The edge's connection settings, the same in {@code cellchat dev} and a cell's messaging servers. */
    static MessagingSettings edge(Config config) {
        return new MessagingSettings(config.integer("connection.max-frame-bytes"),
                MessagingSettings.DEFAULTS.transportFrameBytes(), config.duration("connection.heartbeat-interval"),
                config.duration("connection.idle-timeout"), config.integer("connection.max-pending-frames"),
                config.integer("connection.rate-limit"), config.integer("connection.rate-burst"),
                MessagingSettings.DEFAULTS.maxWatchedUsers(), config.duration("presence.away-after"));
    }

    /** Token lifetimes and the rate limits of logins, registrations, searches and avatar uploads. */
    static AuthSettings auth(Config config) {
        return new AuthSettings(config.duration("auth.access-ttl"), config.duration("auth.refresh-ttl"),
                AuthSettings.loginPerAccount(config.integer("auth.login-per-hour-per-account"),
                        config.integer("auth.login-burst-per-account")),
                AuthSettings.loginPerAddress(config.integer("auth.login-per-hour-per-address"),
                        config.integer("auth.login-burst-per-address")),
                AuthSettings.registerPerAddress(config.integer("auth.register-per-hour-per-address"),
                        config.integer("auth.register-burst-per-address")),
                AuthSettings.searchPerUser(config.integer("users.search-per-minute"),
                        config.integer("users.search-burst")),
                AuthSettings.avatarUploadsPerUser(config.integer("users.avatar-uploads-per-hour"),
                        config.integer("users.avatar-uploads-burst")));
    }

    /** The chat limits, the same in {@code cellchat dev} and every role of a cell. */
    static ChatLimits limits(Config config) {
        return new ChatLimits(config.integer("chat.max-text-length"), config.integer("chat.max-group-members"),
                100, 32, 64);
    }

    static CassandraSettings cassandra(Config config) {
        List<InetSocketAddress> points = new ArrayList<>();
        for (String point : config.text("cassandra.contact-points").split(",")) {
            int colon = point.lastIndexOf(':');
            points.add(new InetSocketAddress(point.substring(0, colon),
                    Integer.parseInt(point.substring(colon + 1))));
        }
        return new CassandraSettings(points, config.text("cassandra.local-datacenter"),
                config.text("cassandra.keyspace"));
    }

    static Map<String, Integer> replication(Config config) {
        Map<String, Integer> factors = new LinkedHashMap<>();
        for (String pair : config.text("cassandra.replication").split(",")) {
            int equals = pair.indexOf('=');
            factors.put(pair.substring(0, equals), Integer.parseInt(pair.substring(equals + 1)));
        }
        return factors;
    }

    static ServerSettings server(Config config) {
        return new ServerSettings(config.text("server.host"), config.integer("server.port"), Duration.ofSeconds(1),
                config.integer("server.event-loops"));
    }

    static PostgresSettings postgres(Config config) {
        return new PostgresSettings(config.text("postgres.url"), config.text("postgres.user"),
                config.text("postgres.password"), config.integer("postgres.max-pool-size"),
                config.duration("postgres.connection-timeout"));
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
