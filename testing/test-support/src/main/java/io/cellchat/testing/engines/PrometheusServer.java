package io.cellchat.testing.engines;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The run's Prometheus server, for tests of metrics, dashboards and alert rules: tell it what to scrape, then ask it
 * PromQL. Its job {@code cellchat} scrapes every target tests register, every second.
 *
 * @param host its address
 * @param port its HTTP port
 * @param targets the folder of file service discovery (one JSON file per registration)
 */
public record PrometheusServer(String host, int port, Path targets) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Has Prometheus scrape {@code hostPort}'s {@code /metrics} (job {@code cellchat}) until {@link #forget}; picked
     * up within a second or two.
     *
     * @param name names the registration (a file name: letters, digits, '-')
     */
    public void scrape(String name, String hostPort) {
        write(name, "[{\"targets\":[\"" + hostPort + "\"],\"labels\":{\"test\":\"" + name + "\"}}]");
    }

    public void forget(String name) {
        try {
            Files.deleteIfExists(targets.resolve(name + ".json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String name, String json) {
        try {
            Path temp = targets.resolve(name + ".tmp");
            Files.writeString(temp, json, StandardCharsets.UTF_8);
            Files.move(temp, targets.resolve(name + ".json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An instant query ({@code /api/v1/query}); the JSON answer as Prometheus gives it. */
    public String query(String promql) {
        return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    }

    /**
     * Whether an instant query answers at least one series (an error answer, a malformed query included, is no data:
     * the caller's message names the query).
     */
    public boolean hasData(String promql) {
        try {
            JsonNode answer = JSON.readTree(query(promql));
            return answer.path("status").asText().equals("success") && !answer.path("data").path("result").isEmpty();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The rules Prometheus loaded and their state ({@code /api/v1/rules}). */
    public String rules() {
        return get("/api/v1/rules");
    }

    /** The scrape targets and their health ({@code /api/v1/targets}). */
    public String scrapeTargets() {
        return get("/api/v1/targets");
    }

    private String get(String path) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create("http://" + host + ":" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Prometheus " + path + ": HTTP " + response.statusCode() + " "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
