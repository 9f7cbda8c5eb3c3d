package io.cellchat.app;

import static org.assertj.core.api.Assertions.assertThat;
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
import java.io.IOException;
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

    private final List<AutoCloseable> started = new ArrayList<>();
    private final List<TestChatClient> clients = new ArrayList<>();
    private final KafkaNamespace kafka;
    private final CassandraNamespace cassandra;
    private final PostgresNamespace postgres;
    private final RedisNamespace redis;
    private MessagingProcess serverA;
    private MessagingProcess serverB;
    private GatewayProcess gateway;
    private String addressA;
    private String addressB;

    CellServeIT(KafkaNamespace kafka, CassandraNamespace cassandra, PostgresNamespace postgres, RedisNamespace redis) {
        this.kafka = kafka;
        this.cassandra = cassandra;
        this.postgres = postgres;
        this.redis = redis;
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
                "sequencer.application-id=" + kafka.group("sequencer"),
                "sequencer.state-dir=" + Files.createTempDirectory("cell-sequencer-"),
                "sequencer.commit-interval=10ms",
                "sequencer.standby-replicas=0",
                "sequencer.session-timeout=6s",
                "materializer.group=" + kafka.group("materializer"),
                "messaging.group=" + kafka.group("messaging"),
                "messaging.drain-timeout=10s",
                "rpc.deadline=5s"));
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
        started.add(HistoryProcess.start(CellSettings.history(config("server.port=" + historyPort)),
                Main.buildInfo()));
        started.add(SequencerProcess.start(CellSettings.sequencer(config("server.port=0")), Main.buildInfo()));
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
        // Users until one is served by each server (the two servers share the partitions).
        Map<String, Session> byServer = new HashMap<>();
        for (int i = 0; byServer.size() < 2 && i < 40; i++) {
            Session user = accounts.register("user" + i + "x" + UUID.randomUUID().toString().substring(0, 6));
            byServer.putIfAbsent(awaitConnectUrl(user), user);
        }
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
    @Order(2)
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
