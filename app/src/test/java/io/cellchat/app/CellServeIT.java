package io.cellchat.app;

import static org.assertj.core.api.Assertions.assertThat;
import static io.cellchat.testing.observability.ZipkinTrace.describe;
import static io.cellchat.testing.observability.ZipkinTrace.service;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import io.cellchat.app.cell.GatewayProcess;
import io.cellchat.app.cell.HistoryProcess;
import io.cellchat.app.cell.MessagingProcess;
import io.cellchat.app.cell.SequencerProcess;
import io.cellchat.app.cell.UsersProcess;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.SendMessage;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Session;
import io.cellchat.contracts.v1.SetConversationPrefs;
import io.cellchat.contracts.v1.Sync;
import io.cellchat.testing.client.TestAccounts;
import io.cellchat.testing.client.TestChatClient;
import io.cellchat.testing.engines.CassandraNamespace;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.KafkaNamespace;
import io.cellchat.testing.engines.PostgresNamespace;
import io.cellchat.testing.engines.RedisNamespace;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cellchat.contracts.v1.TraceContext;
import io.cellchat.testing.engines.PrometheusServer;
import io.cellchat.testing.engines.ZipkinServer;
import io.cellchat.testing.observability.MessagePath;
import io.cellchat.testing.observability.ObservabilityQueries;
import io.cellchat.testing.observability.ZipkinTrace;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * A whole cell as {@code cellchat serve} composes each role, on the real Kafka, Cassandra, PostgreSQL and Redis: the
 * users, history and sequencer roles, two messaging servers and the gateway, configured by the documented keys. A
 * message from a client on messaging server A reaches a client on server B through {@code chat.commands}, the
 * sequencer, {@code chat.events}, the materializer and {@code chat.deliveries}; it is in the history read over gRPC;
 * a settings change reaches the user's other device through the backplane; and closing a
 * messaging server drains it: its clients are sent to the other server with a {@code reconnect} frame.
 *
 * <p>The roles run in this JVM (each with its own server, ports and engine clients), which keeps the test short
 * enough for CI; {@code cellchat cluster up} runs the same composition roots as separate processes.
 */
@EngineTest
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CellServeIT {

    private static final int PARTITIONS = 8;
    private static final String ADMIN_TOKEN = "cell-admin-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<TestChatClient> clients = new ArrayList<>();
    private final KafkaNamespace kafka;
    private final CassandraNamespace cassandra;
    private final PostgresNamespace postgres;
    private final RedisNamespace redis;
    private final ZipkinServer zipkin;
    private final PrometheusServer prometheus;
    private final Map<String, Integer> rolePorts = new LinkedHashMap<>();
    private MessagingProcess serverA;
    private MessagingProcess serverB;
    private GatewayProcess gateway;
    private String addressA;
    private String addressB;
    private String usersUrl;

    CellServeIT(KafkaNamespace kafka, CassandraNamespace cassandra, PostgresNamespace postgres, RedisNamespace redis,
            ZipkinServer zipkin, PrometheusServer prometheus) {
        this.kafka = kafka;
        this.cassandra = cassandra;
        this.postgres = postgres;
        this.redis = redis;
        this.zipkin = zipkin;
        this.prometheus = prometheus;
    }

    private Config config(String... more) throws IOException {
        List<String> keys = new ArrayList<>(List.of(
                "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "kafka.topics.prefix=" + kafka.prefix(),
                "kafka.topics.commands.partitions=4",
                "kafka.topics.deliveries.partitions=" + PARTITIONS,
                "kafka.topics.replication-factor=1",
                "kafka.topics.min-insync-replicas=1",
                "cassandra.contact-points=" + cassandra.contactPoint().getHostString() + ":"
                        + cassandra.contactPoint().getPort(),
                "cassandra.local-datacenter=" + cassandra.localDatacenter(),
                "cassandra.keyspace=" + cassandra.keyspace(),
                "cassandra.replication=" + cassandra.localDatacenter() + "=1",
                "postgres.url=" + postgres.jdbcUrl(),
                "postgres.user=" + postgres.user(),
                "postgres.max-pool-size=4",
                "redis.uri=" + redis.uri(),
                "auth.argon2.memory-kib=64",
                "auth.argon2.iterations=1",
                // Every test user registers from 127.0.0.1.
                "auth.register-per-hour-per-address=10000",
                "auth.register-burst-per-address=1000",
                "sequencer.application-id=" + kafka.group("sequencer"),
                "sequencer.state-dir=" + Files.createTempDirectory("cell-sequencer-"),
                "sequencer.commit-interval=10ms",
                "sequencer.standby-replicas=0",
                "sequencer.session-timeout=6s",
                "materializer.group=" + kafka.group("materializer"),
                "messaging.group=" + kafka.group("messaging"),
                "messaging.drain-timeout=10s",
                "rpc.deadline=5s",
                // Every role traced into a real Zipkin, each as cellchat-<role>, with its admin endpoints on.
                "tracing.exporter=zipkin",
                "tracing.endpoint=" + zipkin.spansEndpoint(),
                "tracing.sample-ratio=1",
                "admin.token=" + ADMIN_TOKEN,
                "health.timeout=1s"));
        keys.addAll(List.of(more));
        return Config.load(null, keys);
    }

    @BeforeAll
    void startTheCell() throws Exception {
        int usersPort = freePort();
        int historyPort = freePort();
        String users = "users.url=http://127.0.0.1:" + usersPort;
        String history = "history.url=http://127.0.0.1:" + historyPort;
        started.add(UsersProcess.start(CellSettings.users(config("server.port=" + usersPort)), Main.buildInfo()));
        rolePorts.put("users", usersPort);
        started.add(HistoryProcess.start(CellSettings.history(config("server.port=" + historyPort)),
                Main.buildInfo()));
        rolePorts.put("history", historyPort);
        SequencerProcess sequencer = SequencerProcess.start(CellSettings.sequencer(config("server.port=0")),
                Main.buildInfo());
        started.add(sequencer);
        rolePorts.put("sequencer", sequencer.port());
        int portA = freePort();
        int portB = freePort();
        addressA = "http://127.0.0.1:" + portA;
        addressB = "http://127.0.0.1:" + portB;
        serverA = MessagingProcess.start(CellSettings.messaging(config("server.port=" + portA, users, history)),
                Main.buildInfo());
        started.add(serverA);
        serverB = MessagingProcess.start(CellSettings.messaging(config("server.port=" + portB, users, history)),
                Main.buildInfo());
        started.add(serverB);
        gateway = GatewayProcess.start(CellSettings.gateway(config("server.port=0", users)), Main.buildInfo());
        started.add(gateway);
        rolePorts.put("messaging-a", portA);
        rolePorts.put("messaging-b", portB);
        rolePorts.put("gateway", gateway.port());
        usersUrl = users;
    }

    @AfterAll
    void stopTheCell() throws Exception {
        clients.forEach(TestChatClient::close);
        for (AutoCloseable role : started.reversed()) {
            role.close();
        }
    }

    @Test
    @Order(1)
    void should_carry_a_message_from_a_client_on_one_messaging_server_to_a_client_on_the_other() {
        TestAccounts accounts = new TestAccounts("http://127.0.0.1:" + gateway.port());
        Map<String, Session> byServer = usersOnEachServer(accounts, "user");
        assertThat(byServer).containsOnlyKeys(socket(addressA), socket(addressB));
        Session alice = byServer.get(socket(addressA));
        Session bob = byServer.get(socket(addressB));
        TestChatClient onA = connect(addressA, alice);
        TestChatClient onB = connect(addressB, bob);
        String conversation = "d:" + Math.min(alice.getUserId(), bob.getUserId()) + ":"
                + Math.max(alice.getUserId(), bob.getUserId());

        ServerFrame accepted = onA.request(ClientFrame.newBuilder().setSend(SendMessage.newBuilder()
                .setConversationId(conversation).setIdempotencyKey("k1")
                .setBody(MessageBody.newBuilder().setText("from server A to server B"))));

        assertThat(accepted.getAccepted().getSeq()).isEqualTo(1);
        onB.awaitFrame(f -> f.hasEvent() && f.getEvent().getSeq() == 1
                && f.getEvent().getMessage().getBody().getText().equals("from server A to server B"));
        var synced = onB.request(ClientFrame.newBuilder().setSync(Sync.newBuilder().setConversationId(conversation)))
                .getSync();
        assertThat(synced.getEventsCount()).isEqualTo(1);

        // Bob's second device: a settings change reaches it through chat.deliveries, not inside the server.
        Session bobLaptop = accounts.login(bob.getProfile().getUsername(), "laptop");
        TestChatClient laptop = connect(addressB, bobLaptop);
        onB.request(ClientFrame.newBuilder().setSetConversationPrefs(SetConversationPrefs.newBuilder()
                .setConversationId(conversation).setArchived(true)));
        laptop.awaitFrame(f -> f.hasPrefs() && f.getPrefs().getArchived());
    }

    @Test
    @Order(5)
    void should_send_the_clients_of_a_draining_server_to_the_other_one() throws Exception {
        TestAccounts accounts = new TestAccounts("http://127.0.0.1:" + gateway.port());
        Session carol = null;
        for (int i = 0; carol == null && i < 40; i++) {
            Session user = accounts.register("carol" + i + "x" + UUID.randomUUID().toString().substring(0, 6));
            if (awaitConnectUrl(user).equals(socket(addressB))) {
                carol = user;
            }
        }
        assertThat(carol).as("a user served by server B").isNotNull();
        TestChatClient onB = connect(addressB, carol);

        serverB.close();
        started.remove(serverB);

        ServerFrame hint = onB.awaitFrame(ServerFrame::hasReconnect, Duration.ofSeconds(30));
        assertThat(hint.getReconnect().getAddress()).isEqualTo(addressA);
        Session moved = carol;
        await().atMost(Duration.ofSeconds(30)).until(() -> connectUrl(moved).equals(socket(addressA)));
        TestChatClient onA = connect(addressA, carol);
        assertThat(onA.request(ClientFrame.newBuilder().setListConversations(
                io.cellchat.contracts.v1.ListConversations.newBuilder())).hasConversations()).isTrue();
    }

    /**
     * While the users role is down, a messaging server cannot check a token: it closes with 1013 (try again later)
     * rather than 4001, which would tell the client its session is gone. Last: it stops the users role.
     */
    @Test
    @Order(6)
    void should_close_with_try_again_later_not_unauthorized_while_the_users_role_is_down() throws Exception {
        Session dave = new TestAccounts("http://127.0.0.1:" + gateway.port())
                .register("dave" + UUID.randomUUID().toString().substring(0, 6));
        AutoCloseable users = started.getFirst();
        assertThat(users).isInstanceOf(UsersProcess.class);
        users.close();
        started.remove(users);

        assertThat(TestChatClient.closeCode(addressA, dave.getToken(), "cellchat.v1.proto")).isEqualTo(1013);
    }

    @Test
    @Order(2)
    void should_record_a_message_through_the_roles_as_one_trace_in_zipkin_with_the_baggage() throws Exception {
        Map<String, Session> byServer = usersOnEachServer(
                new TestAccounts("http://127.0.0.1:" + gateway.port()), "trace");
        Session alice = byServer.get(socket(addressA));
        Session bob = byServer.get(socket(addressB));
        TestChatClient onA = connect(addressA, alice);
        TestChatClient onB = connect(addressB, bob);
        String conversation = "d:" + Math.min(alice.getUserId(), bob.getUserId()) + ":"
                + Math.max(alice.getUserId(), bob.getUserId());
        String traceId = ZipkinTrace.randomId(16);
        String clientSpan = ZipkinTrace.randomId(8);

        ServerFrame accepted = onA.request(ClientFrame.newBuilder().setSend(SendMessage.newBuilder()
                .setConversationId(conversation).setIdempotencyKey("traced")
                .setBody(MessageBody.newBuilder().setText("traced through the cell")))
                .setTrace(TraceContext.newBuilder().setTraceparent("00-" + traceId + "-" + clientSpan + "-01")
                        .setBaggage("client.app=cell-test")));

        assertThat(accepted.getTrace().getTraceparent()).startsWith("00-" + traceId + "-");
        ServerFrame pushed = onB.awaitFrame(f -> f.hasEvent() && f.getEvent().getConversationId().equals(conversation));
        assertThat(pushed.getTrace().getTraceparent()).as("the recipient's frame carries the message's trace")
                .startsWith("00-" + traceId + "-");
        String pushSpan = pushed.getTrace().getTraceparent().split("-")[2];
        JsonNode trace = ZipkinTrace.await(zipkin, traceId, pushSpan, MessagePath.NAMES,
                Duration.ofSeconds(30));
        System.out.println("one message through the cell, one trace in Zipkin:\n" + describe(trace));

        MessagePath path = MessagePath.of(trace, clientSpan, pushSpan);
        assertThat(service(path.frame())).isEqualTo("cellchat-messaging");
        assertThat(service(path.sequence())).isEqualTo("cellchat-sequencer");
        assertThat(service(path.materialize())).isEqualTo("cellchat-history");
        assertThat(service(path.insert())).isEqualTo("cellchat-history");
        assertThat(service(path.delivered())).isEqualTo("cellchat-messaging");
        Set<String> services = new TreeSet<>();
        trace.forEach(span -> services.add(service(span)));
        assertThat(services).contains("cellchat-messaging", "cellchat-sequencer", "cellchat-history");
        path.assertBaggage(alice.getUserId(), alice.getDeviceId(), conversation, "client.app", "cell-test");
        assertThat(path.insert().path("tags").toString()).doesNotContain("traced through the cell");
    }

    @Test
    @Order(3)
    void should_answer_every_query_of_the_dashboards_and_alerts_from_a_real_prometheus_scraping_the_roles()
            throws Exception {
        rolePorts.forEach((role, port) -> prometheus.scrape("cell-" + role, "127.0.0.1:" + port));
        try {
            // Traffic while Prometheus scrapes, so rates and latency histograms have samples in their windows.
            TestAccounts accounts = new TestAccounts("http://127.0.0.1:" + gateway.port());
            Session carol = accounts.register("prom" + UUID.randomUUID().toString().substring(0, 8));
            String url = awaitConnectUrl(carol);
            TestChatClient client = connect(url.contains(":" + port(addressA) + "/") ? addressA : addressB, carol);
            String self = "d:" + carol.getUserId() + ":" + carol.getUserId();
            List<String> empty = ObservabilityQueries.withoutData(prometheus, ObservabilityQueries.ofACell(),
                    Duration.ofSeconds(90), i -> {
                        client.request(ClientFrame.newBuilder().setSend(SendMessage.newBuilder()
                                .setConversationId(self).setIdempotencyKey("prom-" + i)
                                .setBody(MessageBody.newBuilder().setText("note " + i))));
                        client.request(ClientFrame.newBuilder().setSync(Sync.newBuilder().setConversationId(self)));
                    });
            assertThat(empty).as("queries without data from the cell's roles").isEmpty();
            assertThat(prometheus.query("cellchat_sequencer_lag_records")).contains("\"role\":\"sequencer\"");
            assertThat(prometheus.hasData("kafka_consumer_fetch_manager_records_lag_max{role=\"sequencer\"}"))
                    .as("the sequencer's Streams consumer reports its lag to the consumer-lag alert").isTrue();
        } finally {
            rolePorts.keySet().forEach(role -> prometheus.forget("cell-" + role));
        }
    }

    @Test
    @Order(4)
    void should_turn_a_role_unready_when_its_redis_stops_and_ready_again_and_guard_its_admin_endpoints() throws Exception {
        Path folder = Files.createTempDirectory("cell-redis-");
        int port = freePort();
        Process ownRedis = startRedis(folder, port);
        try (GatewayProcess role = GatewayProcess.start(CellSettings.gateway(config("server.port=0", usersUrl,
                "redis.uri=redis://127.0.0.1:" + port + "/0", "redis.timeout=1s")), Main.buildInfo())) {
            String ready = "http://127.0.0.1:" + role.port() + "/health/ready";
            await().atMost(Duration.ofSeconds(20)).until(() -> status(ready) == 200);
            String loggers = "http://127.0.0.1:" + role.port() + "/admin/loggers";
            assertThat(status(loggers)).as("admin endpoints refuse without the token").isEqualTo(401);
            assertThat(status(HttpRequest.newBuilder(URI.create(loggers))
                    .header("Authorization", "Bearer " + ADMIN_TOKEN).build())).isEqualTo(200);

            ownRedis.destroy();
            assertThat(ownRedis.waitFor(10, TimeUnit.SECONDS)).isTrue();

            await().atMost(Duration.ofSeconds(20)).until(() -> status(ready) == 503);
            JsonNode redisCheck = check(ready, "redis");
            assertThat(redisCheck.path("status").asText()).isEqualTo("DOWN");
            assertThat(redisCheck.path("error").asText()).isNotEmpty();
            assertThat(redisCheck.path("latencyMs").asDouble()).isLessThanOrEqualTo(1500.0);
            assertThat(check(ready, "users").path("status").asText()).as("only Redis is down").isEqualTo("UP");

            ownRedis = startRedis(folder, port);

            await().atMost(Duration.ofSeconds(30)).until(() -> status(ready) == 200);
            assertThat(check(ready, "redis").path("status").asText()).isEqualTo("UP");
        } finally {
            ownRedis.destroy();
            ownRedis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Registers users until one is served by each server (the two servers share the partitions), by socket URL. */
    private Map<String, Session> usersOnEachServer(TestAccounts accounts, String prefix) {
        Map<String, Session> byServer = new HashMap<>();
        for (int i = 0; byServer.size() < 2 && i < 40; i++) {
            Session user = accounts.register(prefix + i + "x" + UUID.randomUUID().toString().substring(0, 6));
            byServer.putIfAbsent(awaitConnectUrl(user), user);
        }
        return byServer;
    }

    private static Process startRedis(Path folder, int port) throws Exception {
        Path log = folder.resolve("redis.log");
        Files.writeString(log, "");
        Process started = new ProcessBuilder("/usr/bin/redis-server", "--bind", "127.0.0.1", "--port",
                Integer.toString(port), "--save", "", "--appendonly", "no", "--daemonize", "no",
                "--dir", folder.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("Ready to accept"));
        return started;
    }

    private static int status(String uri) throws Exception {
        return status(HttpRequest.newBuilder(URI.create(uri)).build());
    }

    private static int status(HttpRequest request) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        }
    }

    private static JsonNode check(String ready, String name) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            JsonNode report = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(ready)).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            for (JsonNode check : report.path("checks")) {
                if (check.path("name").asText().equals(name)) {
                    return check;
                }
            }
            throw new AssertionError("no check " + name + " in " + report);
        }
    }

    private static int port(String address) {
        return URI.create(address).getPort();
    }

    private TestChatClient connect(String address, Session session) {
        TestChatClient client = TestChatClient.connect(address, session.getToken(), "cellchat.v1.proto");
        clients.add(client);
        return client;
    }

    /** The gateway's answer once a server claims the user's partition (503 while the two servers rebalance). */
    private String awaitConnectUrl(Session session) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> connectUrl(session), url -> !url.isEmpty());
    }

    private String connectUrl(Session session) {
        AggregatedHttpResponse response = BlockingWebClient.of("http://127.0.0.1:" + gateway.port()).prepare()
                .get("/api/v1/connect").header(HttpHeaderNames.AUTHORIZATION, "Bearer " + session.getToken())
                .execute();
        if (!response.status().equals(HttpStatus.OK)) {
            return "";
        }
        Matcher url = Pattern.compile("\"url\":\"([^\"]+)\"").matcher(response.contentUtf8());
        return url.find() ? url.group(1) : "";
    }

    private static String socket(String address) {
        return address.replace("http://", "ws://") + "/ws/v1";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
