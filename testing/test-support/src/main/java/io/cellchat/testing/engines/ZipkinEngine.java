package io.cellchat.testing.engines;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A Zipkin 3.6 server from its executable jar (resolved by {@code testing/engines/zipkin}), in its own JVM on a free
 * loopback port, keeping spans in memory. Zipkin's own configuration binds every interface; the {@code armeria.ports}
 * override keeps it on 127.0.0.1.
 */
final class ZipkinEngine {

    private ZipkinEngine() {}

    static Engines.Started start(Path folder, long ownerPid) {
        Path jar = Path.of(Machine.engineClasspath("zipkin").split(":")[0]);
        int port = Machine.freePort();
        Path java = Machine.javaOf(17).orElse(Machine.currentJava());
        EngineProcess process = EngineProcess.start("zipkin", folder, ownerPid, 10, List.of(
                java.toString(), "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar.toString(),
                "--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].port=" + port,
                "--armeria.ports[0].protocols[0]=http", "--logging.level.root=WARN",
                "--logging.level.zipkin2=INFO"));
        URI health = URI.create("http://127.0.0.1:" + port + "/health");
        try (HttpClient client = HttpClient.newHttpClient()) {
            Duration ready = process.awaitReady(() -> up(client, health), Duration.ofSeconds(120));
            return new Engines.Started(process, Map.of("host", "127.0.0.1", "port", Integer.toString(port)), ready);
        }
    }

    private static boolean up(HttpClient client, URI health) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(health)
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("UP");
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
