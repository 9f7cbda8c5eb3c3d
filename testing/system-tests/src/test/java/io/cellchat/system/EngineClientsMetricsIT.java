package io.cellchat.system;

import io.cellchat.testing.observability.ObservabilityQueries;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.datastax.oss.driver.api.core.CqlSession;
import com.linecorp.armeria.server.Server;
import com.zaxxer.hikari.HikariDataSource;
import io.cellchat.platform.cassandra.CassandraHealth;
import io.cellchat.platform.cassandra.CassandraSessions;
import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.KafkaHealth;
import io.cellchat.platform.kafka.KafkaMetrics;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.observability.Metrics;
import io.cellchat.platform.postgres.PostgresDataSources;
import io.cellchat.platform.postgres.PostgresHealth;
import io.cellchat.platform.redis.RedisClients;
import io.cellchat.platform.redis.RedisHealth;
import io.cellchat.platform.server.BuildInfo;
import io.cellchat.platform.server.ServerBootstrap;
import io.cellchat.platform.server.ServerSettings;
import io.cellchat.testing.engines.CassandraNamespace;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.KafkaNamespace;
import io.cellchat.testing.engines.PostgresNamespace;
import io.cellchat.testing.engines.PrometheusServer;
import io.cellchat.testing.engines.RedisNamespace;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The engine panels of the dashboards and the engine alerts, answered by a real Prometheus scraping a process whose
 * engine clients are bound to the real engines exactly as a cell's roles bind theirs: a Kafka producer and a lagging
 * consumer, a Cassandra session, a PostgreSQL pool and a Redis client, each with its readiness check. Every query
 * that {@code ObservabilityIT} leaves to the cell ({@link ObservabilityQueries#engineClients}) must return data here, so
 * the dashboards and rules are proven against the meters the platform modules really export before the cell exists.
 */
@EngineTest
@Tag("system")
@Timeout(300)
class EngineClientsMetricsIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void should_answer_every_engine_query_of_the_dashboards_and_alerts_from_a_real_prometheus(KafkaNamespace kafka,
            CassandraNamespace cassandra, PostgresNamespace postgres, RedisNamespace redis,
            PrometheusServer prometheus) throws Exception {
        PrometheusMeterRegistry metrics = Metrics.newRegistry("engines-it");
        String topic = kafka.topic("chat.deliveries");
        RedisClient redisClient = RedisClients.client(redis.settings(), metrics);
        Server server = null;
        try (Admin admin = KafkaClients.admin(kafka.settings());
                KafkaProducer<byte[], byte[]> producer = KafkaClients.producer(kafka.settings(), Map.of());
                KafkaConsumer<byte[], byte[]> consumer = KafkaClients.consumer(kafka.settings(),
                        kafka.group("messaging"), Map.of(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5));
                CqlSession session = CassandraSessions.open(cassandra.settings(), metrics);
                HikariDataSource pool = PostgresDataSources.open(postgres.settings(), "users", metrics);
                StatefulRedisConnection<String, String> connection = RedisClients.connect(redisClient)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
            KafkaMetrics.bind(producer, metrics);
            KafkaMetrics.bind(consumer, metrics);
            List<HealthCheck> checks = List.of(KafkaHealth.check(admin, TIMEOUT),
                    CassandraHealth.check(session, TIMEOUT), PostgresHealth.check(pool, TIMEOUT),
                    RedisHealth.check(connection, TIMEOUT));
            server = ServerBootstrap.newServer(ServerSettings.loopback(0), new BuildInfo("test", "test", List.of()),
                    metrics, checks).build();
            server.start().join();
            prometheus.scrape("engine-clients-it", "127.0.0.1:" + server.activeLocalPort());

            for (int i = 0; i < 50; i++) {
                producer.send(new ProducerRecord<>(topic, bytes("user-" + i), bytes("delivery " + i))).get();
            }
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(60)).until(() -> !consumer.poll(Duration.ofMillis(500)).isEmpty());
            try (Connection sql = pool.getConnection()) {
                assertThat(sql.isValid(2)).isTrue();
            }
            connection.sync().set("presence:42", "online");

            List<ObservabilityQueries.Query> waiting = new ArrayList<>();
            ObservabilityQueries.dashboards().stream().filter(ObservabilityQueries::engineClients).forEach(waiting::add);
            ObservabilityQueries.alerts().stream().filter(ObservabilityQueries::engineClients).forEach(waiting::add);
            assertThat(waiting).as("engine queries of the dashboards and alerts").hasSizeGreaterThanOrEqualTo(8);
            List<String> empty = ObservabilityQueries.withoutData(prometheus, waiting, Duration.ofSeconds(90), i -> {
                session.execute("SELECT release_version FROM system.local"); // keeps the rates above zero
                connection.sync().get("presence:42");
            });
            assertThat(empty).as("engine queries without data").isEmpty();
            for (String check : List.of("kafka", "cassandra", "postgres", "redis")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> prometheus.hasData(
                        "cellchat_health_check_up{role=\"engines-it\",check=\"" + check + "\"} == 1"));
            }
        } finally {
            prometheus.forget("engine-clients-it");
            if (server != null) {
                server.stop().join();
            }
            RedisClients.shutdown(redisClient);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
