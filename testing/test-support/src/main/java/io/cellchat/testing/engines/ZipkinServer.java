package io.cellchat.testing.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The run's Zipkin server, for tracing tests: where to send spans and how to read a trace back. Zipkin keeps spans
 * of every test class of the run; a test finds its own by trace ID.
 *
 * @param host its address
 * @param port its HTTP port (API and collector)
 */
public record ZipkinServer(String host, int port) {

    /** The span collector ({@code tracing.endpoint} with {@code tracing.exporter=zipkin}). */
    public URI spansEndpoint() {
        return URI.create("http://" + host + ":" + port + "/api/v2/spans");
    }

    /** A trace as Zipkin's API returns it (a JSON array of spans), or {@code null} while Zipkin does not know it. */
    public @org.jspecify.annotations.Nullable String trace(String traceId) {
        return get("/api/v2/trace/" + traceId, true);
    }

    /** The service names Zipkin has seen (a JSON array). */
    public String services() {
        String services = get("/api/v2/services", false);
        return services == null ? "[]" : services;
    }

    private @org.jspecify.annotations.Nullable String get(String path, boolean notFoundIsNull) {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                            URI.create("http://" + host + ":" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404 && notFoundIsNull) {
                return null;
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Zipkin " + path + ": HTTP " + response.statusCode() + " "
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
