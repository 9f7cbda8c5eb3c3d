package io.cellchat.platform.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.Server;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.observability.Metrics;
import io.cellchat.platform.observability.Secret;
import io.cellchat.platform.observability.errors.ExceptionTracker;
import io.cellchat.platform.observability.health.Readiness;
import io.cellchat.platform.observability.logging.LogLevels;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminApiTest {

    private static final String TOKEN = "admin-token-for-tests-0123";

    private Server server;

    private WebClient start(Secret token, ExceptionTracker tracker, PrometheusMeterRegistry metrics) {
        Operations operations = new Operations(metrics, new Readiness(List.of(new HealthCheck("disk", () -> true)),
                Clock.systemUTC(), Duration.ofHours(1), Duration.ZERO, metrics), token, LogLevels.ofThisProcess(),
                tracker);
        server = ServerBootstrap.newServer(ServerSettings.loopback(0), new BuildInfo("t", "t", List.of()), operations)
                .build();
        server.start().join();
        return WebClient.of("http://127.0.0.1:" + server.activeLocalPort());
    }

    @AfterEach
    void stop() {
        server.stop().join();
    }

    @Test
    void should_keep_the_admin_endpoints_off_without_an_admin_token() {
        PrometheusMeterRegistry metrics = Metrics.newRegistry("test");
        WebClient client = start(Secret.none(), new ExceptionTracker(metrics, Clock.systemUTC(), null), metrics);

        AggregatedHttpResponse response = get(client, "/admin/loggers", "");

        assertThat(response.status().code()).isEqualTo(403);
        assertThat(response.contentUtf8()).contains("admin endpoints are off");
    }

    @Test
    void should_change_a_level_only_with_the_token_and_refuse_bodies_that_are_not_one_level() {
        PrometheusMeterRegistry metrics = Metrics.newRegistry("test");
        WebClient client = start(Secret.of(TOKEN), new ExceptionTracker(metrics, Clock.systemUTC(), null), metrics);

        assertThat(put(client, "/admin/loggers/io.cellchat.admin", "not-the-token", "{\"level\":\"DEBUG\"}")
                .status().code()).isEqualTo(401);
        assertThat(put(client, "/admin/loggers/io.cellchat.admin", TOKEN, "{\"level\":\"DEBUG\",\"x\":1}")
                .status().code()).isEqualTo(400);
        assertThat(put(client, "/admin/loggers/io.cellchat.admin", TOKEN, "{\"level\":1}").status().code())
                .isEqualTo(400);
        assertThat(put(client, "/admin/loggers/io..cellchat", TOKEN, "{\"level\":\"INFO\"}").contentUtf8())
                .contains("expected: ROOT or a dotted Java name");

        AggregatedHttpResponse changed = put(client, "/admin/loggers/io.cellchat.admin", TOKEN, "{\"level\":\"trace\"}");

        assertThat(changed.status().code()).isEqualTo(200);
        assertThat(changed.contentUtf8()).contains("\"configured\":\"TRACE\"").contains("\"effective\":\"TRACE\"");
        assertThat(put(client, "/admin/loggers/io.cellchat.admin", TOKEN, "{\"level\":null}").contentUtf8())
                .contains("\"configured\":null");
    }

    @Test
    void should_list_tracked_exceptions_latest_first_with_stack_and_context() {
        PrometheusMeterRegistry metrics = Metrics.newRegistry("test");
        ExceptionTracker tracker = new ExceptionTracker(metrics, Clock.systemUTC(), null);
        WebClient client = start(Secret.of(TOKEN), tracker, metrics);
        tracker.record(new IllegalStateException("first"), "io.cellchat.A", "a failed", "t1", Map.of());
        tracker.record(new UnsupportedOperationException("second"), "io.cellchat.B", "b failed", "t2",
                Map.of("trace_id", "abc"));

        String body = get(client, "/admin/exceptions", TOKEN).contentUtf8();

        assertThat(body.indexOf("UnsupportedOperationException")).isLessThan(body.indexOf("IllegalStateException"));
        assertThat(body).contains("\"count\":1").contains("\"trace_id\":\"abc\"").contains("\"stackTrace\":");
        assertThat(metrics.scrape()).contains("cellchat_exceptions_total{fingerprint=\"");
    }

    @Test
    void should_serve_readiness_as_json_and_keep_probes_out_of_the_access_log() {
        PrometheusMeterRegistry metrics = Metrics.newRegistry("test");
        WebClient client = start(Secret.none(), new ExceptionTracker(metrics, Clock.systemUTC(), null), metrics);

        AggregatedHttpResponse ready = client.get("/health/ready").aggregate().join();

        assertThat(ready.status().code()).isEqualTo(200);
        assertThat(ready.contentUtf8()).startsWith("{\"status\":\"UP\",\"checks\":[{\"name\":\"disk\",\"status\":\"UP\"");
        assertThat(client.get("/metrics").aggregate().join().contentUtf8())
                .contains("cellchat_health_check_up{check=\"disk\",required=\"true\",role=\"test\"} 1.0");
    }

    private static AggregatedHttpResponse get(WebClient client, String path, String token) {
        return client.execute(RequestHeaders.builder(HttpMethod.GET, path).add("authorization", "Bearer " + token)
                .build()).aggregate().join();
    }

    private static AggregatedHttpResponse put(WebClient client, String path, String token, String body) {
        return client.execute(RequestHeaders.builder(HttpMethod.PUT, path).contentType(MediaType.JSON_UTF_8)
                .add("authorization", "Bearer " + token).build(), body).aggregate().join();
    }
}
