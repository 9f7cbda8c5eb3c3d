package io.cellchat.app.cell;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import io.cellchat.app.TelemetrySettings;
import io.cellchat.backplane.BackplaneTopics;
import io.cellchat.domain.chat.ChatLimits;
import io.cellchat.domain.id.LeasedIdWorker;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import io.cellchat.platform.kafka.KafkaHealth;
import io.cellchat.platform.kafka.KafkaSettings;
import io.cellchat.platform.kafka.Topics;
import io.cellchat.platform.postgres.PostgresHealth;
import io.cellchat.platform.postgres.PostgresSettings;
import io.cellchat.platform.redis.RedisHealth;
import io.cellchat.platform.redis.RedisPresenceStore;
import io.cellchat.platform.redis.RedisRoutingTable;
import io.cellchat.platform.redis.RedisSettings;
import io.cellchat.platform.redis.SharedRedis;
import io.cellchat.platform.server.BuildInfo;
import io.cellchat.platform.server.ServerSettings;
import io.cellchat.rpc.RpcSettings;
import io.cellchat.rpc.history.GrpcChatReader;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.social.Authorization;
import io.cellchat.rpc.users.GrpcIdentities;
import io.cellchat.rpc.users.GrpcSocialGraph;
import io.cellchat.services.messaging.MessagingService;
import io.cellchat.services.messaging.MessagingSettings;
import io.cellchat.services.users.prefs.ConversationPrefsService;
import io.cellchat.services.users.prefs.postgres.PostgresConversationPrefsStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of {@code cellchat serve --role messaging}, the edge of a cell: clients' WebSockets and the
 * REST reads, commands to {@code chat.commands}, pushes from the partitions of {@code chat.deliveries} it owns
 * (consumer-group membership, published in the routing table in Redis), token checks and profiles from the users
 * role and history reads from the history role over gRPC, presence and the ID-worker lease in Redis, each user's
 * conversation settings in PostgreSQL (changes reach the user's devices on other servers through the backplane).
 * The chat rules are the messaging service's own, the same as in {@code cellchat dev}.
 *
 * <p>Closing drains: the role reports not ready, leaves the group so its partitions move to the other servers, and
 * each moved client gets a {@code reconnect} frame naming its new server (close 4010); clients still connected after
 * the drain timeout are closed with 1001.
 */
public final class MessagingProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MessagingProcess.class);

    /**
     * What the role needs; built from the configuration keys of docs/configuration.md.
     *
     * @param address the base URL clients reach this server at, published in the routing table
     * @param group the messaging servers' consumer group on {@code chat.deliveries}
     */
    public record Settings(ServerSettings server, String address, RedisSettings redis, PostgresSettings postgres,
            KafkaSettings kafka, BackplaneTopics topics, String group, RpcSettings users, RpcSettings history,
            LeasedIdWorker.Settings lease, SnowflakeIdGenerator.Settings ids, ChatLimits limits,
            MessagingSettings messaging, Duration appendTimeout, int maxPendingAppends, Duration routeTtl,
            Duration hintWait, Duration drainTimeout, TelemetrySettings telemetry) {
        public Settings {
            requireNonNull(telemetry, "telemetry");
            requireNonNull(server, "server");
            requireNonNull(address, "address");
            requireNonNull(redis, "redis");
            requireNonNull(postgres, "postgres");
            requireNonNull(kafka, "kafka");
            requireNonNull(topics, "topics");
            requireNonNull(group, "group");
            requireNonNull(users, "users");
            requireNonNull(history, "history");
            requireNonNull(lease, "lease");
            requireNonNull(ids, "ids");
            requireNonNull(limits, "limits");
            requireNonNull(messaging, "messaging");
            requireNonNull(appendTimeout, "appendTimeout");
            requireNonNull(routeTtl, "routeTtl");
            requireNonNull(hintWait, "hintWait");
            requireNonNull(drainTimeout, "drainTimeout");
        }
    }

    private final Settings settings;
    private final RoleServer server;
    private final SharedRedis redis;
    private final LeasedIds ids;
    private final HikariDataSource postgres;
    private final PostgresConversationPrefsStore prefsStore;
    private final RedisRoutingTable routes;
    private final Admin admin;
    private final EdgeBackplane backplane;
    private final MessagingService messaging;
    private boolean closed;

    private MessagingProcess(Settings settings, BuildInfo build, Clock clock) {
        this.settings = settings;
        server = RoleServer.start("messaging", settings.server(), settings.telemetry(), build);
        // Engines, each waited for in turn, their clients measured.
        redis = EngineWaits.redis(settings.redis(), server.metrics());
        ids = LeasedIds.start(redis, settings.lease(), settings.ids(), "messaging", clock);
        postgres = EngineWaits.postgres(settings.postgres(), "messaging-prefs", server.metrics());
        prefsStore = new PostgresConversationPrefsStore(postgres, Math.max(1, settings.postgres().maxPoolSize() / 2));
        admin = EngineWaits.kafkaAdmin(settings.kafka());
        Topics.ensure(admin, settings.topics().all(), Duration.ofSeconds(30));
        // The service, on the backplane and the other roles' APIs.
        backplane = EdgeBackplane.open(settings.kafka(), settings.topics(), clock, settings.appendTimeout(),
                settings.maxPendingAppends(), server.kafkaTracing(), server::metered, server::metered);
        routes = new RedisRoutingTable(redis);
        ChatReader history = new GrpcChatReader(settings.history());
        // The one authorization component, reading the facts from the users role.
        Authorization authorization = new Authorization(new GrpcSocialGraph(settings.users()),
                (a, b) -> !history.memberIds(ConversationId.direct(a, b)).isEmpty());
        messaging = new MessagingService(new MessagingService.Dependencies(backplane.chatLog(), history,
                new GrpcIdentities(settings.users()), authorization,
                new ConversationPrefsService(prefsStore, backplane.bus(), clock), backplane.bus(),
                new RedisPresenceStore(redis, clock, RedisPresenceStore.Settings.defaults()), ids.ids(),
                settings.limits(), settings.messaging(), build.version(), clock, server.metrics(),
                server.tracing(),
                new MessagingService.CellRouting(routes, settings.address(), settings.topics().deliveryPartitions(),
                        settings.routeTtl(), settings.hintWait())));
        backplane.listen(settings.group(), messaging.ownership().orElseThrow());
        server.serve(List.of(RedisHealth.check(redis.connection(), server.healthTimeout()), ids.check(),
                PostgresHealth.check(postgres, server.healthTimeout()), KafkaHealth.check(admin, server.healthTimeout())),
                messaging::addRoutes);
        log.info("messaging server at {} (partitions {})", settings.address(), messaging.ownership().orElseThrow().owned());
    }

    /** Starts the role; returns once it owns its first partitions and serves (it waits for each engine). */
    public static MessagingProcess start(Settings settings, BuildInfo build) {
        return new MessagingProcess(requireNonNull(settings, "settings"), build, Clock.systemUTC());
    }

    public int port() {
        return server.port();
    }

    public int connectionCount() {
        return messaging.connectionCount();
    }

    public void awaitTermination() {
        server.awaitTermination();
    }

    /**
     * Drains, then stops: not ready; leaves the group, so each client of a moved partition is sent to its new server
     * (within {@code messaging.reconnect-hint-wait}); waits up to {@code messaging.drain-timeout} for the clients to
     * go; closes the rest with 1001; then stops the server and closes the engines.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.unready();
        int before = messaging.connectionCount();
        log.info("draining: leaving the group, {} connections to move", before);
        backplane.close();
        Instant deadline = Instant.now().plus(settings.drainTimeout());
        while (messaging.connectionCount() > 0 && Instant.now().isBefore(deadline)) {
            sleep(100);
        }
        log.info("drained {} of {} connections; closing the rest with 1001", before - messaging.connectionCount(),
                before);
        messaging.close();
        server.close();
        admin.close();
        routes.close();
        prefsStore.close();
        postgres.close();
        ids.close();
        redis.close();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
