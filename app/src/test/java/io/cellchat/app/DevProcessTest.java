package io.cellchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevProcessTest {

    @TempDir
    Path data;

    private DevProcess process;
    private WebClient client;

    @BeforeEach
    void start() throws Exception {
        process = DevProcess.start(DevSettings.of("127.0.0.1", 0, data.resolve("data")), Main.buildInfo());
        client = WebClient.of("http://127.0.0.1:" + process.port());
    }

    @AfterEach
    void stop() {
        process.close();
    }

    @Test
    void should_answer_liveness_and_readiness_once_started() {
        assertThat(client.get("/health/live").aggregate().join().status().code()).isEqualTo(200);

        AggregatedHttpResponse ready = client.get("/health/ready").aggregate().join();
        assertThat(ready.status().code()).isEqualTo(200);
        assertThat(ready.contentUtf8()).contains("\"status\":\"UP\"");
    }

    @Test
    void should_report_its_version_and_commit() {
        String body = client.get("/version").aggregate().join().contentUtf8();

        assertThat(body).contains("\"version\":\"" + Main.buildInfo().version() + "\"").contains("\"commit\":");
    }

    @Test
    void should_expose_jvm_metrics_in_prometheus_format() {
        String body = client.get("/metrics").aggregate().join().contentUtf8();

        assertThat(body).contains("jvm_memory_used_bytes").contains("role=\"dev\"");
    }
}
