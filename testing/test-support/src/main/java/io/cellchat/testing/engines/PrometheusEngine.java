package io.cellchat.testing.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Prometheus server from Debian's {@code prometheus} package, on a free loopback port, with the repository's alert
 * and recording rules ({@code deploy/observability/prometheus/rules/*.yml}) loaded and evaluated every second. It
 * scrapes the job {@code cellchat} every second from the targets tests write into its {@code targets} folder (file
 * service discovery, as {@code deploy/observability/prometheus/prometheus.yml} does for operators), so one server
 * serves every test of the run.
 */
final class PrometheusEngine {

    private PrometheusEngine() {}

    static Engines.Started start(Path folder, long ownerPid) {
        Path prometheus = Machine.binary("Prometheus", "prometheus", List.of(
                Path.of("/usr/bin/prometheus"), Path.of("/usr/local/bin/prometheus")));
        int port = Machine.freePort();
        Path targets = folder.resolve("targets");
        Path config = folder.resolve("prometheus.yml");
        Path rules = Machine.projectRoot().resolve("deploy/observability/prometheus/rules");
        try {
            Files.createDirectories(targets);
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                      scrape_timeout: 1s
                      evaluation_interval: 1s
                    rule_files:
                      - %s/*.yml
                    scrape_configs:
                      - job_name: cellchat
                        metrics_path: /metrics
                        file_sd_configs:
                          - files: ['%s/*.json']
                            refresh_interval: 1s
                    """.formatted(rules, targets), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        EngineProcess process = EngineProcess.start("prometheus", folder, ownerPid, 5, List.of(
                prometheus.toString(), "--config.file=" + config, "--storage.tsdb.path=" + folder.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--storage.tsdb.retention.time=1h", "--log.level=warn"));
        URI ready = URI.create("http://127.0.0.1:" + port + "/-/ready");
        try (HttpClient client = HttpClient.newHttpClient()) {
            Duration after = process.awaitReady(() -> ok(client, ready), Duration.ofSeconds(60));
            return new Engines.Started(process, Map.of("host", "127.0.0.1", "port", Integer.toString(port),
                    "targets", targets.toString()), after);
        }
    }

    private static boolean ok(HttpClient client, URI uri) {
        try {
            return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
