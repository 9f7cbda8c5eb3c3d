package io.cellchat.app;

import com.zaxxer.hikari.HikariDataSource;
import io.cellchat.backplane.BackplaneTopics;
import io.cellchat.backplane.DeliveryPublisher;
import io.cellchat.backplane.KafkaEventBus;
import io.cellchat.domain.account.Accounts;
import io.cellchat.domain.id.IdGenerator;
import io.cellchat.domain.id.LeasedIdWorker;
import io.cellchat.domain.id.Sleeper;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.KafkaSettings;
import io.cellchat.platform.kafka.Topics;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.redis.SharedRedis;
import io.cellchat.platform.server.BuildInfo;
import io.cellchat.rpc.RpcServers;
import io.cellchat.rpc.users.UsersGrpcService;
import io.cellchat.services.users.AccountService;
import io.cellchat.services.users.password.Argon2idHasher;
import io.cellchat.services.users.store.postgres.PostgresAccountStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of {@code cellchat serve --role users}: accounts and sessions on PostgreSQL, user and device
 * IDs from a worker ID leased in Redis, "session ended" pushes to {@code chat.deliveries} on Kafka, and the users
 * API over gRPC for the other roles (messaging servers authenticate tokens and read profiles; gateways register,
 * log in, search). Wired in named steps: server, engines, IDs, service, serve.
 */
final class UsersRole implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UsersRole.class);

    private final RoleServer server;
    private final HikariDataSource postgres;
    private final SharedRedis redis;
    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private final LeasedIdWorker worker;
    private final ScheduledExecutorService renewals;
    private final PostgresAccountStore store;
    private final CachedProbe kafkaProbe;

    private UsersRole(Config config, BuildInfo build) {
        Clock clock = Clock.systemUTC();
        server = RoleServer.start("users", config, build);
        // Engines: each is waited for, in turn, with a log line while it is down.
        postgres = Engines.postgres(config, "users");
        redis = Engines.redis(config);
        KafkaSettings kafka = Engines.kafka(config, "users");
        admin = Engines.kafkaAdmin(kafka);
        BackplaneTopics topics = Engines.topics(config);
        Topics.ensure(admin, List.of(topics.deliveriesSpec()), Duration.ofSeconds(30));
        // A logout's push must not hold the request long if Kafka went away after start.
        producer = KafkaClients.producer(kafka, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG,
                (int) config.duration("rpc.deadline").toMillis() / 2));
        kafkaProbe = new CachedProbe("kafka", () -> Engines.kafkaReachable(admin));
        // IDs: a leased worker, renewed in the background.
        worker = Engines.idWorker(config, redis, "users", clock);
        renewals = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("id-lease-renewal").daemon(true).factory());
        long every = worker.settings().renewEvery().toMillis();
        renewals.scheduleWithFixedDelay(this::renewLease, every, every, TimeUnit.MILLISECONDS);
        IdGenerator ids = SnowflakeIdGenerator.leased(Engines.idSettings(config), worker, clock, Sleeper.system());
        log.info("minting IDs as cell {} worker {}", config.integer("cell.id"), worker.worker());
        // Service.
        store = new PostgresAccountStore(postgres, config.integer("postgres.max-pool-size"));
        Accounts accounts = accounts(config, topics, ids, clock);
        server.serve(List.of(
                new HealthCheck("postgres", store::isHealthy),
                new HealthCheck("redis", redis::isHealthy),
                new HealthCheck("id-worker-lease", worker::isValid),
                kafkaProbe.check()),
                routes -> routes.service(RpcServers.service(new UsersGrpcService(accounts))));
    }

    static UsersRole start(Config config, BuildInfo build) {
        return new UsersRole(config, build);
    }

    private Accounts accounts(Config config, BackplaneTopics topics, IdGenerator ids, Clock clock) {
        Argon2idHasher hasher = new Argon2idHasher(new Argon2idHasher.Settings(
                config.integer("auth.argon2.memory-kib"), config.integer("auth.argon2.iterations")), new SecureRandom());
        KafkaEventBus bus = new KafkaEventBus(new DeliveryPublisher(producer, topics.deliveries()));
        return new AccountService(store, bus, hasher, ids, clock, new SecureRandom(),
                config.duration("auth.session-ttl"));
    }

    private void renewLease() {
        try {
            if (!worker.renew()) {
                log.error("the ID worker lease was lost and every worker ID is taken; refusing to mint IDs "
                        + "(/health/ready reports id-worker-lease DOWN) until one is free");
            }
        } catch (RuntimeException e) {
            log.warn("cannot renew the ID worker lease: {} (minting stops {} after the last renewal)",
                    EngineWait.rootCause(e), worker.settings().ttl().minus(worker.settings().margin()));
        }
    }

    int port() {
        return server.port();
    }

    void awaitTermination() {
        server.awaitTermination();
    }

    /** Stops taking calls, then gives the worker ID back and closes the engines. */
    @Override
    public void close() {
        server.close();
        renewals.shutdownNow();
        kafkaProbe.close();
        worker.close();
        store.close();
        producer.close();
        admin.close();
        postgres.close();
        redis.close();
    }
}
