package io.cellchat.app;

import com.linecorp.armeria.server.Server;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.observability.Metrics;
import io.cellchat.platform.server.BuildInfo;
import io.cellchat.platform.server.ServerBootstrap;
import io.cellchat.platform.server.ServerSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The composition root of {@code cellchat dev}: every role in one JVM. */
final class DevProcess implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DevProcess.class);

    private final Server server;

    private DevProcess(Server server) {
        this.server = server;
    }

    static DevProcess start(DevSettings settings, BuildInfo build) throws IOException {
        Files.createDirectories(settings.dataDir());
        PrometheusMeterRegistry metrics = Metrics.newRegistry("dev");
        List<HealthCheck> checks = List.of(new HealthCheck("data-folder", () -> Files.isWritable(settings.dataDir())));
        Server server = ServerBootstrap.newServer(
                        new ServerSettings(settings.host(), settings.port(), Duration.ofSeconds(1)), build, metrics, checks)
                .build();
        server.start().join();
        log.info("{} listening on http://{}:{} (data in {})",
                build.describe("cellchat"), settings.host(), server.activeLocalPort(), settings.dataDir().toAbsolutePath());
        return new DevProcess(server);
    }

    int port() {
        return server.activeLocalPort();
    }

    void awaitTermination() {
        server.whenClosed().join();
    }

    @Override
    public void close() {
        server.stop().join();
    }
}
