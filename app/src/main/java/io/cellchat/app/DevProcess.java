package io.cellchat.app;

import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.cellchat.domain.account.Accounts;
import io.cellchat.domain.chat.ChatLimits;
import io.cellchat.domain.chat.ChatLog;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.ChatRules;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.social.Authorization;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.id.IdGenerator;
import io.cellchat.domain.id.Sleeper;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import io.cellchat.platform.inprocess.InMemoryPresenceStore;
import io.cellchat.platform.inprocess.InMemoryRateLimits;
import io.cellchat.platform.inprocess.InProcessEventBus;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.observability.Metrics;
import io.cellchat.platform.observability.Secret;
import io.cellchat.platform.server.BuildInfo;
import io.cellchat.platform.server.Operations;
import io.cellchat.platform.server.ServerBootstrap;
import io.cellchat.platform.server.ServerSettings;
import io.cellchat.platform.sqlite.SqliteDatabase;
import io.cellchat.platform.sqlite.FileHighWaterMark;
import io.cellchat.platform.sqlite.SqliteSettings;
import io.cellchat.services.gatewayweb.WebGateway;
import io.cellchat.services.messaging.MessagingService;
import io.cellchat.services.messaging.MessagingSettings;
import io.cellchat.services.users.AccountService;
import io.cellchat.services.users.UsersService;
import io.cellchat.services.users.avatar.AvatarImages;
import io.cellchat.services.users.avatar.AvatarService;
import io.cellchat.services.users.auth.AuthSettings;
import io.cellchat.services.users.auth.Throttle;
import io.cellchat.services.users.auth.TokenMint;
import io.cellchat.services.users.password.Argon2idHasher;
import io.cellchat.services.users.prefs.ConversationPrefsService;
import io.cellchat.services.users.prefs.sqlite.SqliteConversationPrefsStore;
import io.cellchat.services.users.social.SocialService;
import io.cellchat.services.users.store.sqlite.SqliteAccountStore;
import io.cellchat.services.users.store.sqlite.SqliteAvatarStore;
import io.cellchat.services.users.store.sqlite.SqliteSocialStore;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of {@code cellchat dev}: every role in one JVM, one port; conversations in RocksDB, accounts
 * in SQLite, in-process bus and presence.
 * Wired in four steps: telemetry, stores, services, server.
 */
public final class DevProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevProcess.class);
    private static final int CELL = 0;
    private static final int WORKER = 0;

    private final Telemetry telemetry;
    private final Stores stores;
    private final MessagingService messaging;
    private final Server server;
    private boolean closed;

    private DevProcess(Telemetry telemetry, Stores stores, MessagingService messaging, Server server) {
        this.telemetry = telemetry;
        this.stores = stores;
        this.messaging = messaging;
        this.server = server;
    }

    /**
     * What lives under the data folder: accounts in SQLite ({@code cellchat.db}), conversations in the chat storage
     * ({@code history/}), and the ID generator whose high-water mark is kept there (renewed ahead of need on its own
     * thread, so the chat writer never waits for that fsync).
     */
    private record Stores(SqliteDatabase database, ChatStorage chat, IdGenerator ids, ExecutorService idRenewals) {}

    /**
     * Starts a single process, as {@code cellchat dev --host host --port port --data dataDir --set ...} does; for
     * tests and embedding.
     */
    public static DevProcess start(String host, int port, java.nio.file.Path dataDir, List<String> settings)
            throws IOException {
        return start(new DevSettings(host, port, dataDir, Config.load(null, settings)), Main.buildInfo());
    }

    static DevProcess start(DevSettings settings, BuildInfo build) throws IOException {
        Clock clock = Clock.systemUTC();
        Telemetry telemetry = Telemetry.start("dev", settings.config(), build.version(), clock);
        PrometheusMeterRegistry metrics = telemetry.metrics();
        Stores stores = startStores(settings, clock, metrics);
        EventBus bus = new InProcessEventBus();
        Users users = users(settings.config(), stores, bus, clock);
        MessagingService messaging = messaging(settings.config(), stores, bus, users, build, clock, telemetry);
        Server server = startServer(settings, build, telemetry, stores, users, messaging, clock);
        log.info("{} listening on http://{}:{} (data in {})", build.describe("cellchat"), settings.host(),
                server.activeLocalPort(), settings.dataDir().toAbsolutePath());
        return new DevProcess(telemetry, stores, messaging, server);
    }

    private static Stores startStores(DevSettings settings, Clock clock, PrometheusMeterRegistry metrics)
            throws IOException {
        Config config = settings.config();
        Files.createDirectories(settings.dataDir());
        Metrics.watchDisk(metrics, settings.dataDir());
        SqliteDatabase database = SqliteDatabase.open(new SqliteSettings(settings.dataDir().resolve("cellchat.db"),
                config.integer("sqlite.readers"), config.integer("sqlite.max-batch"),
                config.integer("sqlite.max-queued"), Duration.ofSeconds(5)), metrics);
        FileHighWaterMark highWaterMark = new FileHighWaterMark(settings.dataDir().resolve("ids-worker-" + WORKER));
        ExecutorService idRenewals = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("id-renewal").factory());
        IdGenerator ids = new SnowflakeIdGenerator(new SnowflakeIdGenerator.Settings(CELL, WORKER,
                config.duration("ids.max-clock-step-back"), config.duration("ids.reserve")),
                clock, Sleeper.system(), highWaterMark, idRenewals);
        ChatStorage chat;
        try {
            chat = ChatStorage.open(config, settings.dataDir(), database, metrics);
        } catch (IOException | RuntimeException e) {
            idRenewals.shutdown();
            database.close();
            throw e;
        }
        return new Stores(database, chat, ids, idRenewals);
    }

    /** The users service's parts: accounts, the one authorization component, and blocks and settings. */
    private record Users(Accounts accounts, Authorization authorization, SocialService social, AvatarService avatars) {}

    private static Users users(Config config, Stores stores, EventBus bus, Clock clock) {
        Argon2idHasher hasher = new Argon2idHasher(new Argon2idHasher.Settings(
                config.integer("auth.argon2.memory-kib"), config.integer("auth.argon2.iterations")), new SecureRandom());
        SqliteAccountStore accountStore = new SqliteAccountStore(stores.database());
        SqliteSocialStore socialStore = new SqliteSocialStore(stores.database());
        ChatReader reader = stores.chat().reader();
        Authorization authorization = new Authorization(socialStore,
                (a, b) -> !reader.memberIds(ConversationId.direct(a, b)).isEmpty());
        AuthSettings auth = CellSettings.auth(config);
        AccountService accounts = new AccountService(accountStore, bus, hasher,
                new Throttle(new InMemoryRateLimits(clock)), stores.ids(), clock, new TokenMint(new SecureRandom()),
                auth);
        SocialService social = new SocialService(accountStore, socialStore, authorization, bus, clock);
        AvatarService avatars = new AvatarService(new SqliteAvatarStore(stores.database()), social, new AvatarImages(),
                new Throttle(new InMemoryRateLimits(clock)), auth.avatarUploadsPerUser());
        return new Users(accounts, authorization, social, avatars);
    }

    private static MessagingService messaging(Config config, Stores stores, EventBus bus, Users users,
            BuildInfo build, Clock clock, Telemetry telemetry) {
        ChatLimits limits = CellSettings.limits(config);
        ChatLog chatLog = stores.chat().log(new ChatRules(limits), stores.ids(), clock, bus);
        ChatReader reader = stores.chat().reader();
        MessagingSettings settings = CellSettings.edge(config);
        ConversationPrefsService prefs = new ConversationPrefsService(
                new SqliteConversationPrefsStore(stores.database()), bus, clock);
        return new MessagingService(new MessagingService.Dependencies(chatLog, reader, users.accounts(),
                users.authorization(), prefs, bus, new InMemoryPresenceStore(), stores.ids(), limits, settings,
                build.version(), clock, telemetry.metrics(), telemetry.tracing()));
    }

    private static Server startServer(DevSettings settings, BuildInfo build, Telemetry telemetry,
            Stores stores, Users users, MessagingService messaging, Clock clock) {
        Duration timeout = settings.config().duration("health.timeout");
        List<HealthCheck> checks = List.of(new HealthCheck("sqlite", stores.database()::isHealthy, true, timeout),
                new HealthCheck("history", stores.chat()::isHealthy, true, timeout));
        Operations operations = telemetry.operations(checks, Secret.of(settings.config().text("admin.token")), clock);
        ServerBuilder builder = ServerBootstrap.newServer(
                new ServerSettings(settings.host(), settings.port(), Duration.ofSeconds(1),
                        settings.config().integer("server.event-loops")), build, operations);
        new UsersService(users.accounts(), users.social(), users.avatars()).addRoutes(builder);
        messaging.addRoutes(builder);
        new WebGateway().addRoutes(builder);
        Server server = builder.build();
        server.start().join();
        return server;
    }

    public int port() {
        return server.activeLocalPort();
    }

    /** Every route the server serves (for the build's check of the OpenAPI document against them). */
    java.util.List<com.linecorp.armeria.server.Route> routes() {
        return server.serviceConfigs().stream().map(com.linecorp.armeria.server.ServiceConfig::route).toList();
    }

    void awaitTermination() {
        server.whenClosed().join();
    }

    /** Closes connections (clients reconnect), stops the server, then writes what is queued and closes the stores. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        log.info("shutting down");
        messaging.close();
        server.stop().join();
        stores.chat().close();
        stores.idRenewals().shutdown();
        stores.database().close();
        log.info("stopped");
        telemetry.close();
    }
}
