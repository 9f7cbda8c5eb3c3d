package io.cellchat.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigTest {

    @Test
    void should_use_the_documented_defaults() {
        Config config = Config.load(null, List.of());

        assertThat(config.integer("chat.max-group-members")).isEqualTo(1000);
        assertThat(config.duration("connection.heartbeat-interval")).isEqualTo(Duration.ofSeconds(15));
        assertThat(config.duration("auth.refresh-ttl")).isEqualTo(Duration.ofDays(30));
    }

    @Test
    void should_let_set_override_the_file(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("cellchat.properties");
        Files.writeString(file, "chat.max-group-members=500\npresence.away-after=2m\n");

        Config config = Config.load(file, List.of("chat.max-group-members=200"));

        assertThat(config.integer("chat.max-group-members")).isEqualTo(200);
        assertThat(config.duration("presence.away-after")).isEqualTo(Duration.ofMinutes(2));
    }

    @Test
    void should_refuse_unknown_keys_and_bad_values_naming_them() {
        assertThatThrownBy(() -> Config.load(null, List.of("chat.max-group-size=5")))
                .hasMessageStartingWith("--set: unknown key 'chat.max-group-size'");
        assertThatThrownBy(() -> Config.load(null, List.of("sqlite.readers=many")))
                .hasMessage("sqlite.readers: 'many' (expected: an integer)");
        assertThatThrownBy(() -> Config.load(null, List.of("auth.refresh-ttl=0s")))
                .hasMessage("auth.refresh-ttl: '0s' (expected: > 0)");
        assertThatThrownBy(() -> Config.load(null, List.of("connection.heartbeat-interval=1h")))
                .hasMessageStartingWith("connection.idle-timeout: '45s' (expected: >= 2 x connection.heartbeat-interval");
        assertThatThrownBy(() -> Config.load(null, List.of("ids.reserve=10s")))
                .hasMessage("ids.max-clock-step-back: '2s' (expected: >= ids.reserve, '10s')");
        assertThatThrownBy(() -> Config.load(null, List.of("presence.away-after=5 minutes")))
                .hasMessage("presence.away-after: '5 minutes' (expected: a number and ms, s, m, h or d)");
        assertThatThrownBy(() -> Config.load(null, List.of("store.writer-nice=1")))
                .hasMessage("store.writer-nice: '1' (expected: -20..0)");
        assertThatThrownBy(() -> Config.load(null, List.of("store.writer-nice=-21")))
                .hasMessage("store.writer-nice: '-21' (expected: -20..0)");
    }

    @Test
    void should_take_environment_variables_between_the_file_and_set(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("cell.properties");
        Files.writeString(file, "kafka.bootstrap-servers=file:9092\nredis.uri=redis://file:6379/0\n");

        Config config = Config.load(file, List.of("redis.uri=redis://set:6379/0"), Map.of(
                "CELLCHAT_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092",
                "CELLCHAT_REDIS_URI", "redis://env:6379/0",
                "CELLCHAT_JAVA_OPTS", "-Xmx2g",
                "PATH", "/usr/bin"));

        assertThat(config.text("kafka.bootstrap-servers")).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(config.text("redis.uri")).isEqualTo("redis://set:6379/0");
        assertThat(config.describe()).contains("kafka.bootstrap-servers = kafka-1:9092,kafka-2:9092  "
                + "(environment CELLCHAT_KAFKA_BOOTSTRAP_SERVERS)");
    }

    @Test
    void should_refuse_an_environment_variable_that_names_no_key() {
        assertThatThrownBy(() -> Config.load(null, List.of(), Map.of("CELLCHAT_KAFKA_BOOTSTRAP", "x:1")))
                .hasMessageStartingWith("environment: unknown variable CELLCHAT_KAFKA_BOOTSTRAP (expected one of: [")
                .hasMessageContaining("CELLCHAT_KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void should_give_every_key_its_own_environment_variable() {
        assertThat(Config.DEFAULTS.keySet().stream().map(Config::environmentVariable).distinct().count())
                .isEqualTo(Config.DEFAULTS.size());
        assertThat(Config.environmentVariable("kafka.topics.deliveries.partitions"))
                .isEqualTo("CELLCHAT_KAFKA_TOPICS_DELIVERIES_PARTITIONS");
    }

    @Test
    void should_refuse_cell_values_out_of_form_or_range_naming_the_key() {
        assertThatThrownBy(() -> Config.load(null, List.of("kafka.bootstrap-servers=kafka:ninety")))
                .hasMessage("kafka.bootstrap-servers: 'kafka:ninety' (expected: host:port[,host:port...])");
        assertThatThrownBy(() -> Config.load(null, List.of("users.url=users:8081")))
                .hasMessage("users.url: 'users:8081' (expected: http://host:port or https://host:port)");
        assertThatThrownBy(() -> Config.load(null, List.of("cell.id=16")))
                .hasMessage("cell.id: '16' (expected: 0..15)");
        assertThatThrownBy(() -> Config.load(null, List.of("server.port=-1")))
                .hasMessage("server.port: '-1' (expected: 0..65535)");
        assertThatThrownBy(() -> Config.load(null, List.of("postgres.url=postgres://db/cellchat")))
                .hasMessage("postgres.url: 'postgres://db/cellchat' (expected: jdbc:postgresql://host:port/database)");
        assertThatThrownBy(() -> Config.load(null, List.of("ids.lease-margin=30s")))
                .hasMessage("ids.lease-margin: '30s' (expected: < ids.lease-ttl, '30s')");
    }

    @Test
    void should_refuse_role_values_out_of_form_or_range_naming_the_key() {
        assertThatThrownBy(() -> Config.load(null, List.of("kafka.topics.replication-factor=1")))
                .hasMessage("kafka.topics.min-insync-replicas: '2' (expected: <= kafka.topics.replication-factor, '1')");
        assertThatThrownBy(() -> Config.load(null, List.of("cassandra.replication=dc1")))
                .hasMessage("cassandra.replication: 'dc1' (expected: dc=factor[,dc=factor...] with factors 1..99)");
        assertThatThrownBy(() -> Config.load(null, List.of("messaging.address=10.0.0.7:8080")))
                .hasMessage("messaging.address: '10.0.0.7:8080' (expected: empty (http://server.host:server.port)"
                        + " or http://host:port or https://host:port)");
        assertThatThrownBy(() -> Config.load(null, List.of("sequencer.session-timeout=500ms")))
                .hasMessage("sequencer.session-timeout: '500ms' (expected: >= 1s)");
        assertThatThrownBy(() -> Config.load(null, List.of("cassandra.keyspace=Cell-Chat")))
                .hasMessageStartingWith("cassandra.keyspace: 'Cell-Chat' (expected: a CQL identifier");
        assertThat(Config.load(null, List.of("messaging.reconnect-hint-wait=0s")).duration(
                "messaging.reconnect-hint-wait")).isZero();
    }

    @Test
    void should_build_each_role_from_the_keys() {
        Config config = Config.load(null, List.of("server.port=9001", "cassandra.contact-points=a:9042,b:9043",
                "cassandra.replication=dc1=3,dc2=2"));

        assertThat(CellSettings.messaging(config).address()).isEqualTo("http://127.0.0.1:9001");
        assertThat(CellSettings.history(config).cassandra().contactPoints()).hasSize(2);
        assertThat(CellSettings.history(config).replication()).containsOnly(Map.entry("dc1", 3), Map.entry("dc2", 2));
        assertThat(CellSettings.sequencer(config).sequencer().commitInterval()).isEqualTo(Duration.ofMillis(100));
        assertThatThrownBy(() -> CellSettings.messaging(Config.load(null, List.of("server.port=0"))))
                .hasMessageStartingWith("messaging.address: ''");
    }

    @Test
    void should_document_every_key_in_the_configuration_guide() throws Exception {
        Path guide = Path.of("..", "docs", "configuration.md");
        String text = Files.readString(guide);

        assertThat(Config.DEFAULTS.keySet()).allSatisfy(key -> assertThat(text).contains("| `" + key + "` |"));
    }

    @Test
    void should_never_print_a_secret() {
        Config config = Config.load(null, List.of("postgres.password=hunter2"));

        assertThat(config.text("postgres.password")).isEqualTo("hunter2");
        assertThat(config.describe()).contains("postgres.password = ****  (--set)").doesNotContain("hunter2");
    }

    @Test
    void should_read_the_observability_keys_and_refuse_bad_ones_without_repeating_secrets() {
        Config config = Config.load(null, List.of("tracing.exporter=otlp", "tracing.sample-ratio=0.01",
                "tracing.endpoint=http://collector:4318/v1/traces", "admin.token=0123456789abcdef!"));

        assertThat(config.text("tracing.exporter")).isEqualTo("otlp");
        assertThat(Double.parseDouble(config.text("tracing.sample-ratio"))).isEqualTo(0.01);
        assertThat(config.text("admin.token")).isEqualTo("0123456789abcdef!");
        assertThat(Config.load(null, List.of()).text("tracing.exporter")).isEqualTo("none");
        assertThatThrownBy(() -> Config.load(null, List.of("tracing.exporter=jaeger")))
                .hasMessage("tracing.exporter: 'jaeger' (expected: none, otlp or zipkin)");
        assertThatThrownBy(() -> Config.load(null, List.of("tracing.sample-ratio=1.5")))
                .hasMessageStartingWith("tracing.sample-ratio: '1.5'");
        assertThatThrownBy(() -> Config.load(null, List.of("tracing.sample-ratio=10%")))
                .hasMessageStartingWith("tracing.sample-ratio: '10%'");
        assertThatThrownBy(() -> Config.load(null, List.of("admin.token=short secret")))
                .hasMessage("admin.token: '****' (expected: empty, or 16 to 256 printable ASCII characters without "
                        + "spaces)");
        assertThatThrownBy(() -> Config.load(null, List.of("sentry.dsn=not a url")))
                .hasMessageStartingWith("sentry.dsn: '****'").hasMessageNotContaining("not a url");
    }
}
