package io.cellchat.system;

import io.cellchat.testing.observability.ObservabilityQueries;
import static io.cellchat.testing.observability.ZipkinTrace.describe;
import static io.cellchat.testing.observability.ZipkinTrace.names;
import static io.cellchat.testing.observability.ZipkinTrace.span;
import static io.cellchat.system.ChatServer.direct;
import static io.cellchat.system.ChatServer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Session;
import io.cellchat.contracts.v1.Sync;
import io.cellchat.contracts.v1.TraceContext;
import io.cellchat.testing.client.TestAccounts;
import io.cellchat.testing.client.TestChatClient;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.PrometheusServer;
import io.cellchat.testing.engines.ZipkinServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Observability of {@code cellchat dev} against real servers: the process runs as its own JVM with JSON logs,
 * tracing into a real Zipkin and an admin token, scraped every second by a real Prometheus that loads the
 * repository's alert rules. The tests run in order over one process, so the last ones read the log of everything
 * before them: one message gives one trace, a send's log line carries its trace ID, the log holds no body, password
 * or token, every dashboard and alert query returns data, and rsyslog ships the log whole.
 */
@EngineTest
@Tag("system")
@Timeout(300)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityIT {

    private static final String ADMIN_TOKEN = "admin-" + UUID.randomUUID();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Every message body and password this class sends, for the log scan. */
    private static final List<String> SECRETS = new ArrayList<>();

    private static ZipkinServer zipkin;
    private static PrometheusServer prometheus;
    private static ServerProcess server;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start(ZipkinServer zipkinServer, PrometheusServer prometheusServer) throws Exception {
        zipkin = zipkinServer;
        prometheus = prometheusServer;
        server = ServerProcess.launch(List.of("-Dlogback.configurationFile=logback-json.xml"),
                "tracing.exporter=zipkin", "tracing.endpoint=" + zipkin.spansEndpoint(),
                "tracing.sample-ratio=1", "admin.token=" + ADMIN_TOKEN);
        prometheus.scrape("observability-it", server.uri().replace("http://", ""));
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.forget("observability-it");
        }
        if (server != null) {
            server.close();
        }
    }

    private static Session register(String name) {
        String username = name + ThreadLocalRandom.current().nextInt(1_000_000);
        SECRETS.add("correct horse " + username);
        Session session = new TestAccounts(server.uri()).register(username);
        SECRETS.add(session.getToken());
        return session;
    }

    private static String body(String what) {
        String text = what + " " + UUID.randomUUID();
        SECRETS.add(text);
        return text;
    }

    @Test
    @Order(1)
    void should_refuse_the_admin_endpoints_without_the_admin_token_and_change_levels_with_it() throws Exception {
        assertThat(admin("GET", "/admin/loggers", null, null).statusCode()).isEqualTo(401);
        assertThat(admin("GET", "/admin/loggers", "wrong-token-wrong-token", null).statusCode()).isEqualTo(401);
        assertThat(admin("PUT", "/admin/loggers/io.cellchat", ADMIN_TOKEN, "{\"level\":\"LOUD\"}").statusCode())
                .isEqualTo(400);

        HttpResponse<String> changed = admin("PUT", "/admin/loggers/io.cellchat", ADMIN_TOKEN,
                "{\"level\":\"DEBUG\"}");

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(changed.body()).path("effective").asText()).isEqualTo("DEBUG");
        assertThat(JSON.readTree(admin("GET", "/admin/loggers", ADMIN_TOKEN, null).body())
                .path("loggers").path("io.cellchat").asText()).isEqualTo("DEBUG");
        assertThat(admin("GET", "/admin/exceptions", ADMIN_TOKEN, null).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void should_record_one_message_as_one_trace_in_zipkin_with_the_clients_parent_and_the_baggage() throws Exception {
        Session alice = register("alice");
        Session bob = register("bob");
        TestChatClient a = TestChatClient.connect(server.uri(), alice.getToken(), ChatServer.JSON);
        TestChatClient b = TestChatClient.connect(server.uri(), bob.getToken(), ChatServer.PROTO);
        String conversation = direct(alice.getUserId(), bob.getUserId());
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String clientSpan = HexFormat.of().formatHex(randomBytes(8));

        ServerFrame accepted = a.request(send(conversation, body("traced hello")).setTrace(TraceContext.newBuilder()
                .setTraceparent("00-" + traceId + "-" + clientSpan + "-01").setBaggage("client.app=web")));

        assertThat(accepted.hasAccepted()).as("%s", accepted).isTrue();
        assertThat(accepted.getTrace().getTraceparent()).startsWith("00-" + traceId + "-");
        ServerFrame pushed = b.awaitFrame(f -> f.hasEvent() && f.getEvent().getConversationId().equals(conversation));
        assertThat(pushed.getTrace().getTraceparent()).startsWith("00-" + traceId + "-");
        JsonNode trace = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> zipkinTrace(traceId), spans -> spans != null && names(spans).containsAll(
                        Set.of("frame send", "append", "deliver event")));
        for (JsonNode span : trace) {
            assertThat(span.path("traceId").asText()).isEqualTo(traceId);
            assertThat(span.path("localEndpoint").path("serviceName").asText()).isEqualTo("cellchat-dev");
        }
        JsonNode frame = span(trace, "frame send");
        assertThat(frame.path("parentId").asText()).isEqualTo(clientSpan);
        assertThat(frame.path("kind").asText()).isEqualTo("SERVER");
        JsonNode tags = frame.path("tags");
        assertThat(tags.path("baggage.cellchat.user_id").asText()).isEqualTo(Long.toString(alice.getUserId()));
        assertThat(tags.path("baggage.cellchat.device_id").asText()).isEqualTo(Long.toString(alice.getDeviceId()));
        assertThat(tags.path("baggage.cellchat.conversation_id").asText()).isEqualTo(conversation);
        assertThat(tags.path("baggage.client.app").asText()).isEqualTo("web");
        JsonNode append = span(trace, "append");
        assertThat(append.path("parentId").asText()).isEqualTo(frame.path("id").asText());
        JsonNode delivery = span(trace, "deliver event");
        assertThat(delivery.path("parentId").asText()).isEqualTo(append.path("id").asText());
        assertThat(delivery.path("tags").path("baggage.cellchat.conversation_id").asText()).isEqualTo(conversation);
        assertThat(delivery.path("tags").path("cellchat.devices").asInt()).isGreaterThanOrEqualTo(2);
        System.out.println("one message, one trace in Zipkin:\n" + describe(trace));

        assertThat(logLines()).as("the DEBUG line of the accepted send carries its trace ID")
                .anySatisfy(line -> {
                    assertThat(line.path("loggerName").asText()).endsWith("FrameDispatcher");
                    assertThat(line.path("formattedMessage").asText()).startsWith("accepted SEND in " + conversation);
                    assertThat(line.path("mdc").path("trace_id").asText()).isEqualTo(traceId);
                    assertThat(line.path("mdc").path("user_id").asText()).isEqualTo(Long.toString(alice.getUserId()));
                    assertThat(line.path("mdc").path("conversation_id").asText()).isEqualTo(conversation);
                });
        a.close();
        b.close();
    }

    @Test
    @Order(3)
    void should_refuse_a_malformed_trace_field_and_keep_the_connection() {
        Session carol = register("carol");
        TestChatClient c = TestChatClient.connect(server.uri(), carol.getToken(), ChatServer.JSON);
        String conversation = direct(carol.getUserId(), carol.getUserId() + 1);

        ServerFrame refused = c.request(send(conversation, body("bad trace")).setTrace(TraceContext.newBuilder()
                .setTraceparent("00-00000000000000000000000000000000-0000000000000000-01")));

        assertThat(refused.getError().getCode().name()).isEqualTo("INVALID_ARGUMENT");
        assertThat(refused.getError().getMessage()).startsWith("trace.traceparent:");
        assertThat(c.request(ClientFrame.newBuilder().setPing(io.cellchat.contracts.v1.Ping.getDefaultInstance()))
                .hasPong()).isTrue();
        c.close();
    }

    @Test
    @Order(4)
    void should_report_each_readiness_check_with_its_state_and_latency() throws Exception {
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "/health/ready"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(ready.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        JsonNode check = body.path("checks").get(0);
        assertThat(check.path("name").asText()).isEqualTo("sqlite");
        assertThat(check.path("status").asText()).isEqualTo("UP");
        assertThat(check.path("latencyMs").isNumber()).isTrue();
    }

    @Test
    @Order(5)
    void should_answer_every_dashboard_and_alert_query_from_a_real_prometheus() throws Exception {
        traffic();
        server.jcmd("GC.run");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> prometheus.hasData("up{job=\"cellchat\",test=\"observability-it\"}"));
        List<ObservabilityQueries.Query> queries = new ArrayList<>(ObservabilityQueries.dashboards());
        queries.addAll(ObservabilityQueries.alerts());
        assertThat(queries).hasSizeGreaterThan(30);

        List<String> empty = ObservabilityQueries.withoutData(prometheus, queries.stream()
                .filter(query -> !ObservabilityQueries.cellOnly(query)).toList(), Duration.ofSeconds(30), i -> {});
        assertThat(empty).as("queries without data").isEmpty();
        assertThat(prometheus.rules()).contains("CellchatDeliveryLatencyHigh").contains("\"health\":\"ok\"")
                .doesNotContain("\"health\":\"err\"");
    }

    @Test
    @Order(6)
    void should_keep_health_checks_and_metrics_scrapes_out_of_the_access_log() throws Exception {
        List<JsonNode> access = logLines().stream()
                .filter(line -> line.path("loggerName").asText().equals("cellchat.access")).toList();

        assertThat(access).extracting(line -> line.path("formattedMessage").asText())
                .anyMatch(message -> message.startsWith("POST /api/v1/auth/register 201"))
                .noneMatch(message -> message.contains("/metrics") || message.contains("/health"));
    }

    @Test
    @Order(7)
    void should_never_log_message_bodies_passwords_or_tokens() throws Exception {
        String log = Files.readString(server.log(), StandardCharsets.UTF_8);

        assertThat(SECRETS).hasSizeGreaterThan(10);
        assertThat(log).contains("accepted SEND");
        for (String secret : SECRETS) {
            assertThat(log).as("the log must not contain a body, password or token").doesNotContain(secret);
        }
        assertThat(log).doesNotContain(ADMIN_TOKEN);
    }

    @Test
    @Order(8)
    void should_ship_every_log_line_whole_through_rsyslog(@TempDir Path folder) throws Exception {
        List<String> written = Files.readAllLines(server.log(), StandardCharsets.UTF_8).stream()
                .filter(line -> line.startsWith("{")).toList();
        Path shipped = folder.resolve("cellchat.log");
        Files.write(shipped, written, StandardCharsets.UTF_8);
        int port = Rsyslog.freePort();
        Path central = folder.resolve("central");
        try (Rsyslog receiver = Rsyslog.start(folder.resolve("receiver"), "cellchat-receive.conf",
                        "/var/spool/rsyslog", folder.resolve("receiver/work").toString(),
                        "Port=\"6514\"", "Port=\"" + port + "\" Address=\"127.0.0.1\"",
                        "/var/log/central", central.toString());
                Rsyslog shipper = startShipperOnceListening(folder, shipped, port)) {
            // Shipping is at least once: a line sent on a connection that failed is sent again, so a repeat is
            // allowed (the log's lines are unique: each carries its time to the millisecond and its own message).
            List<String> unique = written.stream().distinct().toList();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    received(central).stream().distinct().count() >= unique.size());
            assertThat(received(central).stream().distinct().toList()).containsExactlyElementsOf(unique);
            assertThat(receiver.isAlive() && shipper.isAlive()).as("%s%s", receiver.output(), shipper.output())
                    .isTrue();
        }
    }

    private static Rsyslog startShipperOnceListening(Path folder, Path log, int port) throws Exception {
        Rsyslog.awaitListening(port); // else the shipper's first connection fails and its first line comes twice
        return Rsyslog.start(folder.resolve("shipper"), "cellchat-ship.conf",
                "/var/spool/rsyslog", folder.resolve("shipper/work").toString(),
                "/var/log/cellchat/cellchat.log", log.toString(),
                "logs.example.internal", "127.0.0.1",
                "Port=\"6514\"", "Port=\"" + port + "\"");
    }

    private static List<String> received(Path central) throws Exception {
        if (!Files.exists(central)) {
            return List.of();
        }
        try (var hosts = Files.list(central)) {
            List<String> lines = new ArrayList<>();
            for (Path host : hosts.toList()) {
                lines.addAll(Rsyslog.lines(host.resolve("cellchat.jsonl")));
            }
            return lines;
        }
    }

    /** A little of everything the dashboards show: messages, a sync, an error frame, a reconnect. */
    private static void traffic() {
        Session dan = register("dan");
        Session erin = register("erin");
        String conversation = direct(dan.getUserId(), erin.getUserId());
        TestChatClient d = TestChatClient.connect(server.uri(), dan.getToken(), ChatServer.JSON);
        TestChatClient e = TestChatClient.connect(server.uri(), erin.getToken(), ChatServer.PROTO);
        for (int i = 0; i < 20; i++) {
            d.request(send(conversation, body("metric message " + i)));
        }
        e.awaitFrame(f -> f.hasEvent() && f.getEvent().getSeq() == 20);
        e.request(ClientFrame.newBuilder().setSync(Sync.newBuilder().setConversationId(conversation).setAfterSeq(5)));
        d.request(ClientFrame.newBuilder().setSync(Sync.newBuilder().setConversationId("not a conversation")));
        e.close();
        d.close();
    }

    private static HttpResponse<String> admin(String method, String path, String token, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.uri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode zipkinTrace(String traceId) throws Exception {
        String trace = zipkin.trace(traceId);
        return trace == null ? null : JSON.readTree(trace);
    }

    private static List<JsonNode> logLines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(server.log(), StandardCharsets.UTF_8)) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        ThreadLocalRandom.current().nextBytes(bytes);
        bytes[0] |= 1;
        return bytes;
    }
}
