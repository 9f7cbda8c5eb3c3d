package io.cellchat.platform.observability.errors;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.cellchat.platform.observability.Secret;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The real Sentry SDK sends what the tracker records to the DSN's ingestion endpoint. No Sentry server runs here, so
 * the DSN points at a local HTTP endpoint that keeps what it receives (Sentry's envelope endpoint:
 * {@code POST /api/<project>/envelope/}).
 */
class SentryReporterTest {

    @Test
    void should_send_each_tracked_exception_to_the_dsn_with_its_fingerprint_and_context() throws Exception {
        LinkedBlockingQueue<String> envelopes = new LinkedBlockingQueue<>();
        HttpServer ingest = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        ingest.createContext("/api/42/envelope/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
            envelopes.add(gzip ? gunzip(body) : new String(body, StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        ingest.start();
        Secret dsn = Secret.of("http://0123456789abcdef0123456789abcdef@127.0.0.1:" + ingest.getAddress().getPort()
                + "/42");
        try (SentryReporter sentry = SentryReporter.start(dsn, "0.1.0-test", "dev-1")) {
            ExceptionTracker tracker = new ExceptionTracker(new SimpleMeterRegistry(), Clock.systemUTC(), sentry);
            IllegalStateException error = new IllegalStateException("writer stopped");

            tracker.record(error, "io.cellchat.Store", "commit failed", "store-writer", Map.of("user_id", "7"));
            String envelope = envelopes.poll(20, TimeUnit.SECONDS);

            assertThat(envelope).isNotNull().contains("\"type\":\"IllegalStateException\"").contains("writer stopped")
                    .contains(ExceptionTracker.fingerprint(error)).contains("\"user_id\":\"7\"")
                    .contains("0.1.0-test");
        } finally {
            ingest.stop(0);
        }
    }

    private static String gunzip(byte[] body) throws java.io.IOException {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
