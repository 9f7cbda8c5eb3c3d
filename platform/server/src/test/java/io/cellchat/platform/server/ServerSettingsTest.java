package io.cellchat.platform.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.server.Server;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    @Test
    void should_start_one_event_loop_per_processor_unless_a_count_is_set() {
        assertThat(ServerSettings.loopback(0).eventLoopThreads()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(1), 3).eventLoopThreads()).isEqualTo(3);
        assertThatThrownBy(() -> new ServerSettings("127.0.0.1", 0, Duration.ofSeconds(1), -1))
                .hasMessage("eventLoops: -1 (expected: >= 0, 0 for one per processor)");
    }

    @Test
    void should_serve_on_as_many_event_loops_as_set() {
        Server server = ServerBootstrap.newServer(new ServerSettings("127.0.0.1", 0, Duration.ZERO, 3),
                new BuildInfo("t", "t", List.of()), new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), List.of())
                .build();
        try {
            assertThat(StreamSupport.stream(server.config().workerGroup().spliterator(), false).count()).isEqualTo(3);
        } finally {
            server.close();
        }
    }
}
