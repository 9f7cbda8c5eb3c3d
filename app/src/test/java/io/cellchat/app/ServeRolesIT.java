package io.cellchat.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import io.cellchat.app.cell.GatewayProcess;
import io.cellchat.app.cell.UsersProcess;
import io.cellchat.domain.partition.PartitionHash;
import io.cellchat.platform.redis.RedisRoutingTable;
import io.cellchat.platform.redis.SharedRedis;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.KafkaNamespace;
import io.cellchat.testing.engines.PostgresNamespace;
import io.cellchat.testing.engines.RedisNamespace;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The users and gateway roles of a cell as {@code cellchat serve} composes them, on the real PostgreSQL, Redis and
 * Kafka: a browser's account calls through the gateway to the users role over gRPC, the connect endpoint from the
 * routing table, what the gateway answers while the users role is down, and a role that waits for its database.
 */
@EngineTest
class ServeRolesIT {

    private static final int PARTITIONS = 16;
    private final List<AutoCloseable> started = new ArrayList<>();

    private final PostgresNamespace postgres;
    private final RedisNamespace redis;
    private final KafkaNamespace kafka;

    ServeRolesIT(PostgresNamespace postgres, RedisNamespace redis, KafkaNamespace kafka) {
        this.postgres = postgres;
        this.redis = redis;
        this.kafka = kafka;
    }

    @AfterEach
    void stopTheRoles() throws Exception {
        for (AutoCloseable role : started.reversed()) {
            role.close();
        }
    }

    private Config usersConfig(String jdbcUrl, int port) {
        return Config.load(null, List.of(
                "server.port=" + port,
                "postgres.url=" + jdbcUrl,
                "postgres.user=" + postgres.user(),
                "postgres.max-pool-size=4",
                "redis.uri=" + redis.uri(),
                "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "kafka.topics.prefix=" + kafka.prefix(),
                "kafka.topics.deliveries.partitions=" + PARTITIONS,
                "kafka.topics.replication-factor=1",
                "kafka.topics.min-insync-replicas=1",
                "auth.argon2.memory-kib=64",
                "auth.argon2.iterations=1"));
    }

    private UsersProcess users() {
        UsersProcess users = UsersProcess.start(CellSettings.users(usersConfig(postgres.jdbcUrl(), 0)), Main.buildInfo());
        started.add(users);
        return users;
    }

    private GatewayProcess gateway(int usersPort) {
        GatewayProcess gateway = GatewayProcess.start(CellSettings.gateway(Config.load(null, List.of(
                "server.port=0",
                "redis.uri=" + redis.uri(),
                "users.url=http://127.0.0.1:" + usersPort,
                "rpc.deadline=1s",
                "kafka.topics.deliveries.partitions=" + PARTITIONS))), Main.buildInfo());
        started.add(gateway);
        return gateway;
    }

    @Test
    void should_register_log_in_and_find_the_messaging_server_through_the_gateway() {
        UsersProcess users = users();
        GatewayProcess gateway = gateway(users.port());
        BlockingWebClient web = BlockingWebClient.of("http://127.0.0.1:" + gateway.port());

        AggregatedHttpResponse registered = post(web, "/api/v1/auth/register",
                "{\"username\":\"alice\",\"password\":\"correct horse\",\"displayName\":\"Alice\"}");
        assertThat(registered.status()).as(registered.contentUtf8()).isEqualTo(HttpStatus.CREATED);
        String token = field(registered, "token");
        long userId = Long.parseLong(field(registered, "userId"));

        assertThat(post(web, "/api/v1/auth/login",
                "{\"username\":\"alice\",\"password\":\"wrong horse\",\"deviceName\":\"x\"}").status())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(post(web, "/api/v1/auth/register",
                "{\"username\":\"ALICE\",\"password\":\"correct horse\"}").contentUtf8())
                .contains("USERNAME_TAKEN");
        assertThat(get(web, "/api/v1/users?query=ali", token).contentUtf8()).contains("\"username\":\"alice\"");

        AggregatedHttpResponse nobody = get(web, "/api/v1/connect", token);
        assertThat(nobody.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        int partition = PartitionHash.partitionOf(userId, PARTITIONS);
        try (SharedRedis link = SharedRedis.open(redis.settings()); RedisRoutingTable table = new RedisRoutingTable(link)) {
            table.publish("http://10.1.2.3:8080", 1, Set.of(partition), Duration.ofMinutes(1));
        }
        AggregatedHttpResponse connect = get(web, "/api/v1/connect", token);
        assertThat(connect.status()).isEqualTo(HttpStatus.OK);
        assertThat(connect.contentUtf8()).contains("\"url\":\"ws://10.1.2.3:8080/ws/v1\"");

        assertThat(web.prepare().post("/api/v1/auth/logout").header(HttpHeaderNames.AUTHORIZATION, "Bearer " + token)
                .execute().status()).isEqualTo(HttpStatus.NO_CONTENT);
        assertThat(get(web, "/api/v1/connect", token).status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(ready(users.port())).isEqualTo(HttpStatus.OK);
            assertThat(ready(gateway.port())).isEqualTo(HttpStatus.OK);
        });
    }

    @Test
    void should_answer_unavailable_within_the_deadline_while_the_users_role_is_down() {
        UsersProcess users = users();
        GatewayProcess gateway = gateway(users.port());
        BlockingWebClient web = BlockingWebClient.of("http://127.0.0.1:" + gateway.port());
        await().atMost(Duration.ofSeconds(30)).until(() -> HttpStatus.OK.equals(ready(gateway.port())));

        users.close();
        started.remove(users);
        long start = System.nanoTime();
        AggregatedHttpResponse login = post(web, "/api/v1/auth/login",
                "{\"username\":\"bob\",\"password\":\"correct horse\",\"deviceName\":\"x\"}");

        assertThat(login.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(login.contentUtf8()).contains("\"code\":\"UNAVAILABLE\"").contains("users service");
        // The refused connection answers, not gateway.users-timeout (10 s): 5 s leave a loaded machine room.
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> HttpStatus.SERVICE_UNAVAILABLE.equals(ready(gateway.port())));
    }

    @Test
    void should_wait_for_its_database_unready_then_serve_once_it_exists() throws Exception {
        String database = postgres.database() + "_late";
        String lateUrl = postgres.jdbcUrl().substring(0, postgres.jdbcUrl().lastIndexOf('/') + 1) + database;
        int port = freePort();
        CompletableFuture<UsersProcess> starting = CompletableFuture.supplyAsync(
                () -> UsersProcess.start(CellSettings.users(usersConfig(lateUrl, port)), Main.buildInfo()));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> HttpStatus.OK.equals(live(port)));
            assertThat(ready(port)).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
            assertThat(starting).isNotDone();

            try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "");
                    Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE \"" + database + "\"");
            }

            UsersProcess users = starting.get(60, java.util.concurrent.TimeUnit.SECONDS);
            started.add(users);
            await().atMost(Duration.ofSeconds(30)).until(() -> HttpStatus.OK.equals(ready(port)));
        } finally {
            starting.thenAccept(role -> {
                if (!started.contains(role)) {
                    role.close();
                }
            });
        }
    }

    private static AggregatedHttpResponse post(BlockingWebClient web, String path, String json) {
        return web.prepare().post(path).content(MediaType.JSON_UTF_8, json).execute();
    }

    private static AggregatedHttpResponse get(BlockingWebClient web, String path, String token) {
        return web.prepare().get(path).header(HttpHeaderNames.AUTHORIZATION, "Bearer " + token).execute();
    }

    private static HttpStatus ready(int port) {
        return BlockingWebClient.of("http://127.0.0.1:" + port).get("/health/ready").status();
    }

    private static HttpStatus live(int port) {
        try {
            return BlockingWebClient.of("http://127.0.0.1:" + port).get("/health/live").status();
        } catch (RuntimeException notYet) {
            return HttpStatus.UNKNOWN;
        }
    }

    private static String field(AggregatedHttpResponse response, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"?([^\",}]+)").matcher(response.contentUtf8());
        assertThat(matcher.find()).as("%s in %s", name, response.contentUtf8()).isTrue();
        return matcher.group(1);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
