package io.cellchat.app.cell;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import io.cellchat.app.TelemetrySettings;
import io.cellchat.backplane.BackplaneTopics;
import io.cellchat.backplane.DeliveryPublisher;
import io.cellchat.backplane.KafkaEventBus;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.social.Authorization;
import io.cellchat.domain.id.LeasedIdWorker;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.KafkaHealth;
import io.cellchat.platform.kafka.KafkaSettings;
import io.cellchat.platform.kafka.Topics;
import io.cellchat.platform.postgres.PostgresHealth;
import io.cellchat.platform.postgres.PostgresSettings;
import io.cellchat.platform.redis.RedisHealth;
import io.cellchat.platform.redis.RedisRateLimits;
import io.cellchat.platform.redis.RedisSettings;
import io.cellchat.platform.redis.SharedRedis;
import io.cellchat.platform.server.BuildInfo;
import io.cellchat.platform.server.ServerSettings;
import io.cellchat.rpc.RpcServers;
import io.cellchat.rpc.RpcSettings;
import io.cellchat.rpc.history.GrpcChatReader;
import io.cellchat.rpc.users.UsersGrpcService;
import io.cellchat.services.users.AccountService;
import io.cellchat.services.users.social.SocialService;
import io.cellchat.services.users.UsersService;
import io.cellchat.services.users.auth.AuthSettings;
import io.cellchat.services.users.avatar.AvatarImages;
import io.cellchat.services.users.avatar.AvatarService;
import io.cellchat.services.users.auth.Throttle;
import io.cellchat.services.users.auth.TokenMint;
import io.cellchat.services.users.password.Argon2idHasher;
import io.cellchat.services.users.store.postgres.PostgresAccountStore;
import io.cellchat.services.users.store.postgres.PostgresAvatarStore;
import io.cellchat.services.users.store.postgres.PostgresSocialStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The composition root of {@code cellchat serve --role users}: accounts, device sessions, contacts, blocks, privacy
 * settings and avatars on PostgreSQL, login and registration rate limits in Redis, user and device IDs from a worker ID
 * leased in Redis, pushes ("session ended", contact changes) to {@code chat.deliveries} on Kafka. It serves the
 * account REST API ({@code /api/v1/auth}, {@code /api/v1/me}, {@code /api/v1/users}; the gateway forwards clients
 * there) and, over gRPC, what the messaging servers ask (token checks, profiles, the facts authorization reads).
 * Whether two users share a direct conversation, the policy asks the history role. Started in named steps: server,
 * engines, IDs, service; ready while PostgreSQL and Redis answer, the worker lease is valid and Kafka is reachable.
 */
public final class UsersProcess implements AutoCloseable {

    /**
     * What the role needs; built from the configuration keys of docs/configuration.md.
     *
     * @param pushTimeout how long a logout may wait for Kafka to take its "session ended" push
     */
    public record Settings(ServerSettings server, PostgresSettings postgres, RedisSettings redis, KafkaSettings kafka,
            BackplaneTopics topics, LeasedIdWorker.Settings lease, SnowflakeIdGenerator.Settings ids,
            Argon2idHasher.Settings argon2, AuthSettings auth, RpcSettings history, Duration pushTimeout,
            TelemetrySettings telemetry) {
        public Settings {
            requireNonNull(telemetry, "telemetry");
            requireNonNull(server, "server");
            requireNonNull(postgres, "postgres");
            requireNonNull(redis, "redis");
            requireNonNull(kafka, "kafka");
            requireNonNull(topics, "topics");
            requireNonNull(lease, "lease");
            requireNonNull(ids, "ids");
            requireNonNull(argon2, "argon2");
            requireNonNull(auth, "auth");
            requireNonNull(history, "history");
            requireNonNull(pushTimeout, "pushTimeout");
        }
    }

    private final RoleServer server;
    private final HikariDataSource postgres;
    private final SharedRedis redis;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private final LeasedIds ids;
    private final PostgresAccountStore store;
    private final PostgresSocialStore socialStore;
    private final PostgresAvatarStore avatarStore;

    private UsersProcess(Settings settings, BuildInfo build, Clock clock) {
        server = RoleServer.start("users", settings.server(), settings.telemetry(), build);
        // Engines, each waited for in turn, their clients measured.
        postgres = EngineWaits.postgres(settings.postgres(), "users", server.metrics());
        redis = EngineWaits.redis(settings.redis(), server.metrics());
        admin = EngineWaits.kafkaAdmin(settings.kafka());
        Topics.ensure(admin, List.of(settings.topics().deliveriesSpec()), Duration.ofSeconds(30));
        producer = server.metered(KafkaClients.producer(settings.kafka(),
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) settings.pushTimeout().toMillis())));
        // IDs: a leased worker, renewed in the background.
        ids = LeasedIds.start(redis, settings.lease(), settings.ids(), "users", clock);
        // The service, and the users API for the other roles.
        // Reads take connections from the same pool: each store writes on a quarter of it.
        int writers = Math.max(1, settings.postgres().maxPoolSize() / 4);
        store = new PostgresAccountStore(postgres, writers);
        socialStore = new PostgresSocialStore(postgres, writers);
        avatarStore = new PostgresAvatarStore(postgres, 1);
        EventBus bus = new KafkaEventBus(new DeliveryPublisher(producer, settings.topics().deliveries(),
                server.kafkaTracing()));
        ChatReader history = new GrpcChatReader(settings.history());
        Authorization authorization = new Authorization(socialStore,
                (a, b) -> !history.memberIds(ConversationId.direct(a, b)).isEmpty());
        AccountService accounts = new AccountService(store, bus,
                new Argon2idHasher(settings.argon2(), new SecureRandom()),
                new Throttle(new RedisRateLimits(redis, clock)), ids.ids(), clock,
                new TokenMint(new SecureRandom()), settings.auth());
        SocialService social = new SocialService(store, socialStore, authorization, bus, clock);
        AvatarService avatars = new AvatarService(avatarStore, social, new AvatarImages(),
                new Throttle(new RedisRateLimits(redis, clock)), settings.auth().avatarUploadsPerUser());
        server.serve(List.of(
                PostgresHealth.check(postgres, server.healthTimeout()),
                RedisHealth.check(redis.connection(), server.healthTimeout()),
                ids.check(),
                KafkaHealth.check(admin, server.healthTimeout())),
                routes -> {
                    new UsersService(accounts, social, avatars).addRoutes(routes);
                    routes.service(RpcServers.service(new UsersGrpcService(accounts, socialStore)));
                });
    }

    /** Starts the role; returns once it serves (it waits for each engine that is down). */
    public static UsersProcess start(Settings settings, BuildInfo build) {
        return new UsersProcess(requireNonNull(settings, "settings"), build, Clock.systemUTC());
    }

    public int port() {
        return server.port();
    }

    public void awaitTermination() {
        server.awaitTermination();
    }

    /** Stops taking calls, then gives the worker ID back and closes the engines. */
    @Override
    public void close() {
        server.close();
        ids.close();
        store.close();
        socialStore.close();
        avatarStore.close();
        producer.close();
        admin.close();
        postgres.close();
        redis.close();
    }
}
