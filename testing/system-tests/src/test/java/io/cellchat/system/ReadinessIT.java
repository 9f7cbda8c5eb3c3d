package io.cellchat.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.server.Server;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.observability.Metrics;
import io.cellchat.platform.redis.RedisClients;
import io.cellchat.platform.redis.RedisHealth;
import io.cellchat.platform.redis.RedisSettings;
import io.cellchat.platform.server.BuildInfo;
import io.cellchat.platform.server.ServerBootstrap;
import io.cellchat.platform.server.ServerSettings;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /health/ready} follows a real dependency: a Redis server of this test's own (the run's shared one must
 * keep serving other tests) is stopped and started again under a process whose readiness checks it, as the cell's
 * roles check theirs ({@code RedisHealth}: a PING under the check's timeout); Lettuce reconnects by itself.
 */
@Tag("integration")
@Timeout(120)
class ReadinessIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_turn_unready_when_redis_stops_and_ready_again_when_it_is_back(@TempDir Path folder) throws Exception {
        int port = Rsyslog.freePort();
        Process redis = startRedis(folder, port);
        RedisClient client = RedisClients.client(RedisSettings.of("redis://127.0.0.1:" + port + "/0"));
        StatefulRedisConnection<String, String> connection = client.connect();
        connection.setTimeout(Duration.ofSeconds(1));
        PrometheusMeterRegistry metrics = Metrics.newRegistry("test");
        HealthCheck check = RedisHealth.check(connection, Duration.ofSeconds(1));
        Server server = ServerBootstrap.newServer(ServerSettings.loopback(0),
                new BuildInfo("test", "test", List.of()), metrics, List.of(check)).build();
        server.start().join();
        String ready = "http://127.0.0.1:" + server.activeLocalPort() + "/health/ready";
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> status(ready) == 200);

            redis.destroy();
            assertThat(redis.waitFor(10, TimeUnit.SECONDS)).isTrue();

            await().atMost(Duration.ofSeconds(15)).until(() -> status(ready) == 503);
            JsonNode down = JSON.readTree(body(ready)).path("checks").get(0);
            assertThat(down.path("name").asText()).isEqualTo("redis");
            assertThat(down.path("status").asText()).isEqualTo("DOWN");
            assertThat(down.path("error").asText()).isNotEmpty();
            assertThat(down.path("latencyMs").asDouble()).isLessThanOrEqualTo(1000.0);
            assertThat(metrics.scrape()).contains("cellchat_health_check_up{check=\"redis\",required=\"true\",role=\"test\"} 0.0");

            redis = startRedis(folder, port);

            await().atMost(Duration.ofSeconds(30)).until(() -> status(ready) == 200);
            assertThat(JSON.readTree(body(ready)).path("status").asText()).isEqualTo("UP");
        } finally {
            server.stop().join();
            connection.close();
            client.shutdown();
            redis.destroy();
            redis.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process startRedis(Path folder, int port) throws Exception {
        Path binary = Path.of("/usr/bin/redis-server");
        assertThat(Files.isExecutable(binary)).as("redis-server installed (run-tests installs it)").isTrue();
        Process redis = new ProcessBuilder(binary.toString(), "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--save", "", "--appendonly", "no", "--daemonize", "no", "--dir", folder.toString())
                .redirectErrorStream(true).redirectOutput(folder.resolve("redis.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(folder.resolve("redis.log"))
                .contains("Ready to accept connections"));
        Files.writeString(folder.resolve("redis.log"), "");
        return redis;
    }

    private static int status(String uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String body(String uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }
}
