package io.cellchat.cluster;

import static io.cellchat.testing.observability.ZipkinTrace.process;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.SendMessage;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Session;
import io.cellchat.contracts.v1.Sync;
import io.cellchat.contracts.v1.TraceContext;
import io.cellchat.testing.client.TestAccounts;
import io.cellchat.testing.client.TestChatClient;
import io.cellchat.testing.engines.CassandraNamespace;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.KafkaNamespace;
import io.cellchat.testing.engines.LocalCell;
import io.cellchat.testing.engines.PostgresNamespace;
import io.cellchat.testing.engines.PrometheusServer;
import io.cellchat.testing.engines.RedisNamespace;
import io.cellchat.testing.engines.ZipkinServer;
import io.cellchat.testing.observability.MessagePath;
import io.cellchat.testing.observability.ObservabilityQueries;
import io.cellchat.testing.observability.ZipkinTrace;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The observability of a multi-process cell (issue 13), against a real Zipkin (from its Maven jar) and a real
 * Prometheus (the Debian package), both the run's fixtures. The cell's roles start with the code of
 * {@code cellchat cluster up} ({@link CellLauncher}), each {@code cellchat.jar serve --role ...} its own OS process:
 * users, history, sequencer, two messaging servers and the gateway, traced at a sample ratio of 1 into Zipkin. To
 * keep CI short the roles use the run's engines (one Kafka broker, Cassandra, PostgreSQL, Redis), each through a
 * namespace of this class, rather than starting their own; the roles' start-up is what this test pays for.
 *
 * <p>One message from a client on one messaging server to a client on the other is one trace in Zipkin: spans of
 * at least four processes (told apart by their {@code service.instance.id}, {@code <role>-<pid>}, matched against
 * the PIDs the launcher started), parents before children, the baggage on every span of the message's path. The
 * trace is printed as a tree (process, kind, start, duration). Then Prometheus scrapes every process, and every
 * query of the dashboards and alert rules returns data from them, the consumer-lag alert's for the sequencer too.
 */
@EngineTest
@Tag("system")
@Timeout(600)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CellObservabilityIT {

    private static final Path FOLDER = Path.of("target", "cell-observability").toAbsolutePath();

    private final KafkaNamespace kafka;
    private final CassandraNamespace cassandra;
    private final PostgresNamespace postgres;
    private final RedisNamespace redis;
    private final ZipkinServer zipkin;
    private final PrometheusServer prometheus;
    private final ClusterState state = new ClusterState(FOLDER);
    private final List<TestChatClient> clients = new ArrayList<>();
    /** The role processes by {@code service.instance.id} ({@code messaging-4242}), named as in the cell. */
    private final Map<String, String> processes = new LinkedHashMap<>();
    private String gateway = "";
    private Session sender = Session.getDefaultInstance();
    private Session recipient = Session.getDefaultInstance();
    private TestChatClient fromClient;
    private TestChatClient toClient;

    CellObservabilityIT(KafkaNamespace kafka, CassandraNamespace cassandra, PostgresNamespace postgres,
            RedisNamespace redis, ZipkinServer zipkin, PrometheusServer prometheus) {
        this.kafka = kafka;
        this.cassandra = cassandra;
        this.postgres = postgres;
        this.redis = redis;
        this.zipkin = zipkin;
        this.prometheus = prometheus;
    }

    @BeforeAll
    void startTheCell() throws Exception {
        CellAccess.fresh(FOLDER, "the cell of CellObservabilityIT; logs per process");
        Path jar = CellLauncher.snapshot(LocalCell.projectRoot().resolve("app/target/cellchat.jar"),
                FOLDER.resolve("app"));
        CellLauncher launcher = new CellLauncher(state, ProcessHandle.current().pid(), jar,
                line -> log("cell: " + line));
        int gatewayPort = CellLauncher.freePort();
        long start = System.nanoTime();
        launcher.startRoles(new CellLauncher.Engines(kafka.bootstrapServers(), cassandra.contactPoint().getPort(),
                URI.create(postgres.jdbcUrl().substring("jdbc:".length())).getPort(), redis.port()), 1, 2,
                gatewayPort, List.of(
                        // This class's namespaces on the run's engines, over the launcher's defaults.
                        "kafka.topics.prefix=" + kafka.prefix(),
                        "sequencer.application-id=" + kafka.group("sequencer"),
                        "materializer.group=" + kafka.group("materializer"),
                        "messaging.group=" + kafka.group("messaging"),
                        "cassandra.keyspace=" + cassandra.keyspace(),
                        "postgres.url=" + postgres.jdbcUrl(),
                        "postgres.user=" + postgres.user(),
                        "redis.uri=" + redis.uri(),
                        "tracing.exporter=zipkin",
                        "tracing.endpoint=" + zipkin.spansEndpoint(),
                        "tracing.sample-ratio=1",
                        "sequencer.commit-interval=10ms",
                        "sequencer.session-timeout=6s",
                        "messaging.drain-timeout=5s",
                        // Every test user registers from 127.0.0.1, cheaply.
                        "auth.register-per-hour-per-address=10000",
                        "auth.register-burst-per-address=1000",
                        "auth.argon2.memory-kib=64",
                        "auth.argon2.iterations=1"));
        log("cell started in " + Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms (6 role processes)");
        gateway = "http://127.0.0.1:" + gatewayPort;
        for (ClusterState.Entry role : roles()) {
            processes.put(role.name().replaceFirst("-[0-9]+$", "") + "-" + role.pid(), role.name() + " (pid "
                    + role.pid() + ")");
        }

        TestAccounts accounts = new TestAccounts(gateway);
        int portOne = entry("messaging-1").port();
        int portTwo = entry("messaging-2").port();
        for (int i = 0; (sender.getUserId() == 0 || recipient.getUserId() == 0) && i < 40; i++) {
            Session user = CellAccess.register(accounts, "obs" + i + "x"
                    + UUID.randomUUID().toString().substring(0, 6));
            int port = serverPort(user);
            if (port == portOne && sender.getUserId() == 0) {
                sender = user;
            } else if (port == portTwo && recipient.getUserId() == 0) {
                recipient = user;
            }
        }
        assertThat(sender.getUserId()).as("a user served by messaging-1").isPositive();
        assertThat(recipient.getUserId()).as("a user served by messaging-2").isPositive();
        fromClient = connect(portOne, sender);
        toClient = connect(portTwo, recipient);
    }

    @AfterAll
    void stopTheCell() {
        clients.forEach(TestChatClient::close);
        DownCommand.stop(state);
    }

    @Test
    @Order(1)
    void should_record_one_message_through_the_processes_of_a_cell_as_one_trace_in_zipkin_with_the_baggage()
            throws Exception {
        String conversation = direct(sender, recipient);
        String traceId = ZipkinTrace.randomId(16);
        String clientSpan = ZipkinTrace.randomId(8);

        ServerFrame accepted = fromClient.request(ClientFrame.newBuilder().setSend(SendMessage.newBuilder()
                        .setConversationId(conversation).setIdempotencyKey("traced")
                        .setBody(MessageBody.newBuilder().setText("traced through the processes")))
                .setTrace(TraceContext.newBuilder().setTraceparent("00-" + traceId + "-" + clientSpan + "-01")
                        .setBaggage("client.app=cell-process-test")));

        assertThat(accepted.hasAccepted()).as("accepted: %s", accepted).isTrue();
        ServerFrame pushed = toClient.awaitFrame(f -> f.hasEvent()
                && f.getEvent().getConversationId().equals(conversation), Duration.ofSeconds(60));
        assertThat(pushed.getTrace().getTraceparent()).startsWith("00-" + traceId + "-");
        String pushSpan = pushed.getTrace().getTraceparent().split("-")[2];
        JsonNode trace = ZipkinTrace.await(zipkin, traceId, pushSpan, MessagePath.NAMES,
                Duration.ofSeconds(60));
        String tree = ZipkinTrace.tree(trace, processes);
        log("one message through a cell of processes, one trace in Zipkin:\n" + tree);
        Files.writeString(FOLDER.resolve("trace.txt"), tree, StandardCharsets.UTF_8);

        MessagePath path = MessagePath.of(trace, clientSpan, pushSpan);
        assertThat(processOf(path.frame())).as("the sender's server").startsWith("messaging-1 ");
        assertThat(processOf(path.append())).startsWith("messaging-1 ");
        assertThat(processOf(path.sequence())).startsWith("sequencer ");
        assertThat(processOf(path.materialize())).startsWith("history ");
        assertThat(processOf(path.insert())).startsWith("history ");
        assertThat(processOf(path.delivered())).as("the recipient's server").startsWith("messaging-2 ");
        Set<String> seen = new TreeSet<>();
        trace.forEach(span -> seen.add(process(span)));
        assertThat(processes.keySet()).as("every span comes from a process of the cell").containsAll(seen);
        assertThat(seen).as("the OS processes of the trace").hasSizeGreaterThanOrEqualTo(4);

        path.assertBaggage(sender.getUserId(), sender.getDeviceId(), conversation, "client.app", "cell-process-test");
        assertThat(path.insert().path("tags").toString()).doesNotContain("traced through the processes");
    }

    @Test
    @Order(2)
    void should_answer_every_query_of_the_dashboards_and_alerts_from_a_real_prometheus_scraping_each_process()
            throws Exception {
        List<ClusterState.Entry> roles = roles();
        roles.forEach(role -> prometheus.scrape(target(role), "127.0.0.1:" + role.port()));
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> roles.stream().allMatch(role -> prometheus.hasData(
                    "up{job=\"cellchat\",test=\"" + target(role) + "\"} == 1")));
            String conversation = direct(sender, recipient);
            // Messages across the two servers while Prometheus scrapes: rates and latency histograms fill.
            List<String> empty = ObservabilityQueries.withoutData(prometheus, ObservabilityQueries.ofACell(),
                    Duration.ofSeconds(90), i -> {
                        fromClient.request(ClientFrame.newBuilder().setSend(SendMessage.newBuilder()
                                .setConversationId(conversation).setIdempotencyKey("scraped-" + i)
                                .setBody(MessageBody.newBuilder().setText("scraped " + i))));
                        toClient.request(ClientFrame.newBuilder().setSync(Sync.newBuilder()
                                .setConversationId(conversation)));
                    });
            assertThat(empty).as("queries without data from the cell's processes").isEmpty();
            for (String role : List.of("sequencer", "history", "messaging")) {
                assertThat(prometheus.hasData("max by (role, client_id) (kafka_consumer_fetch_manager_records_lag_max"
                        + "{role=\"" + role + "\"})")).as("the consumer-lag alert's query for the %s", role).isTrue();
            }
            assertThat(prometheus.hasData("cellchat_sequencer_lag_records{role=\"sequencer\"}")).isTrue();
        } finally {
            roles.forEach(role -> prometheus.forget(target(role)));
        }
    }

    private List<ClusterState.Entry> roles() {
        return state.entries().stream().filter(ClusterState.Entry::isRole).toList();
    }

    private ClusterState.Entry entry(String name) {
        return state.entries().stream().filter(entry -> entry.name().equals(name)).findFirst().orElseThrow();
    }

    private static String target(ClusterState.Entry role) {
        return "cell-process-" + role.name();
    }

    /** The port of the messaging server the gateway sends the user to. */
    private int serverPort(Session user) {
        URI where = await().atMost(Duration.ofSeconds(60)).until(() -> CellAccess.whereToConnect(gateway,
                user.getToken()), uri -> uri != null);
        return where.getPort();
    }

    private TestChatClient connect(int port, Session session) {
        TestChatClient client = TestChatClient.connect("http://127.0.0.1:" + port, session.getToken(),
                "cellchat.v1.proto");
        clients.add(client);
        return client;
    }

    private String processOf(JsonNode span) {
        return processes.getOrDefault(process(span), process(span));
    }

    private static String direct(Session a, Session b) {
        return "d:" + Math.min(a.getUserId(), b.getUserId()) + ":" + Math.max(a.getUserId(), b.getUserId());
    }

    private static void log(String line) {
        System.out.printf("[cell-observability %tT] %s%n", System.currentTimeMillis(), line);
    }
}
