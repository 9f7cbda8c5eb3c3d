package io.cellchat.platform.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The OTLP exporter as a collector receives it: an HTTP POST of protobuf to the configured endpoint, decoded here with
 * OpenTelemetry's own message definitions, carrying the service's name, the span with its trace and parent IDs, and
 * the baggage as attributes.
 */
class OtlpExportTest {

    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private record Received(String contentType, byte[] body) {}

    @Test
    void should_post_spans_as_otlp_protobuf_to_the_configured_endpoint() throws Exception {
        BlockingQueue<Received> received = new LinkedBlockingQueue<>();
        HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        collector.createContext("/v1/traces", exchange -> {
            received.add(new Received(exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestBody().readAllBytes()));
            exchange.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        collector.start();
        URI endpoint = URI.create("http://127.0.0.1:" + collector.getAddress().getPort() + "/v1/traces");
        try (Tracing tracing = Tracing.start(new TracingSettings(TracingSettings.Exporter.OTLP, endpoint, 1.0,
                "cellchat-test", "test-1"))) {
            Context parent = tracing.headers().extract(Context.root(),
                    java.util.Map.of("traceparent", PARENT, "baggage", "cellchat.user_id=7")::get);
            Span span = tracing.tracer().spanBuilder("frame send").setParent(parent).startSpan();
            span.end();
            tracing.flush();

            Received request = received.poll(10, TimeUnit.SECONDS);
            assertThat(request).as("a POST to the collector").isNotNull();
            assertThat(request.contentType()).isEqualTo("application/x-protobuf");
            ExportTraceServiceRequest export = ExportTraceServiceRequest.parseFrom(request.body());
            ResourceSpans resource = export.getResourceSpans(0);
            assertThat(attribute(resource.getResource().getAttributesList(), "service.name")).isEqualTo("cellchat-test");
            assertThat(attribute(resource.getResource().getAttributesList(), "service.instance.id")).isEqualTo("test-1");
            var sent = resource.getScopeSpans(0).getSpans(0);
            assertThat(sent.getName()).isEqualTo("frame send");
            assertThat(HexFormat.of().formatHex(sent.getTraceId().toByteArray()))
                    .isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(HexFormat.of().formatHex(sent.getParentSpanId().toByteArray())).isEqualTo("00f067aa0ba902b7");
            assertThat(attribute(sent.getAttributesList(), "baggage.cellchat.user_id")).isEqualTo("7");
            assertThat(Baggage.fromContext(parent).getEntryValue("cellchat.user_id")).isEqualTo("7");
        } finally {
            collector.stop(0);
        }
    }

    private static String attribute(List<KeyValue> attributes, String key) {
        return attributes.stream().filter(kv -> kv.getKey().equals(key)).findFirst()
                .map(kv -> kv.getValue().getStringValue()).orElse("(none)");
    }
}
