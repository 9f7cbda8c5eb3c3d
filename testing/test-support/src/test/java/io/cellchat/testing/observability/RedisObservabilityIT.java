package io.cellchat.testing.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.observability.Metrics;
import io.cellchat.platform.redis.RedisClients;
import io.cellchat.platform.redis.RedisHealth;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.RedisNamespace;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The Redis client as the cell's roles use it, against a real server: every command's latency reaches the Prometheus
 * registry as a histogram by command, with no per-connection label, and the readiness check answers from a PING.
 * ({@code ReadinessIT} in system-tests stops and restarts a Redis under the same check.)
 */
@EngineTest
class RedisObservabilityIT {

    @Test
    void should_export_command_latency_by_command_and_pass_its_readiness_check(RedisNamespace redis) {
        PrometheusMeterRegistry registry = Metrics.newRegistry("test");
        RedisClient client = RedisClients.client(redis.settings(), registry);
        try (StatefulRedisConnection<String, String> connection = RedisClients.connect(client)) {
            connection.sync().set("presence:42", "online");
            assertThat(connection.sync().get("presence:42")).isEqualTo("online");
            HealthCheck check = RedisHealth.check(connection, Duration.ofSeconds(2));

            assertThat(check.name()).isEqualTo("redis");
            assertThat(check.probe().getAsBoolean()).isTrue();
            String scrape = registry.scrape();
            assertThat(scrape).contains("lettuce_command_completion_seconds_bucket{command=\"SET\"")
                    .contains("lettuce_command_completion_seconds_count{command=\"GET\"")
                    .contains("lettuce_command_firstresponse_seconds_bucket{command=\"PING\"");
            assertThat(scrape.lines().filter(line -> line.startsWith("lettuce_command_completion_seconds_count")))
                    .isNotEmpty()
                    .allSatisfy(line -> assertThat(line).contains("local=\"local:any\""));
        } finally {
            RedisClients.shutdown(client);
        }
    }
}
