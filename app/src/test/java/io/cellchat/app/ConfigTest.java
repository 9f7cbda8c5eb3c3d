package io.cellchat.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
