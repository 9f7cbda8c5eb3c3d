package io.cellchat.platform.observability.tracing;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import zipkin2.Endpoint;
import zipkin2.Span;
import zipkin2.codec.SpanBytesEncoder;

/**
 * Exports spans to a Zipkin server's v2 API ({@code POST /api/v2/spans}, JSON).
 *
 * <p>Why our own: OpenTelemetry stopped publishing {@code opentelemetry-exporter-zipkin} with 1.65 (it recommends
 * OTLP), and the older releases are not served where Cellchat builds. Zipkin's own library does the model and the
 * JSON; this class only maps OpenTelemetry's span data onto it, the way the retired exporter did: IDs as they are,
 * microsecond times, the kind (internal spans have none in Zipkin), attributes and resource attributes as tags,
 * events as annotations, an error status as the {@code error} tag, the resource's {@code service.name} as the
 * local endpoint. A failed POST loses that batch and is logged (at most once a minute); it never blocks tracing.
 */
final class ZipkinSpanExporter implements SpanExporter {

    private static final Logger log = LoggerFactory.getLogger(ZipkinSpanExporter.class);
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    private final URI endpoint;
    private final Duration timeout;
    private final HttpClient client;
    private volatile long lastFailureLoggedNanos = System.nanoTime() - TimeUnit.MINUTES.toNanos(2);

    ZipkinSpanExporter(URI endpoint, Duration timeout) {
        this.endpoint = requireNonNull(endpoint, "endpoint");
        this.timeout = requireNonNull(timeout, "timeout");
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        List<Span> zipkin = new ArrayList<>(spans.size());
        spans.forEach(span -> zipkin.add(toZipkin(span)));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(SpanBytesEncoder.JSON_V2.encodeList(zipkin)))
                .build();
        CompletableResultCode result = new CompletableResultCode();
        client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            if (error == null && response.statusCode() / 100 == 2) {
                result.succeed();
                return;
            }
            failed(error != null ? error.toString() : "HTTP " + response.statusCode(), spans.size());
            result.fail();
        });
        return result;
    }

    private void failed(String why, int count) {
        long now = System.nanoTime();
        if (now - lastFailureLoggedNanos > TimeUnit.MINUTES.toNanos(1)) {
            lastFailureLoggedNanos = now;
            log.warn("could not export {} spans to Zipkin at {}: {} (logged at most once a minute)", count, endpoint,
                    why);
        }
    }

    static Span toZipkin(SpanData span) {
        String service = span.getResource().getAttribute(SERVICE_NAME);
        long startMicros = TimeUnit.NANOSECONDS.toMicros(span.getStartEpochNanos());
        long endMicros = TimeUnit.NANOSECONDS.toMicros(span.getEndEpochNanos());
        Span.Builder builder = Span.newBuilder()
                .traceId(span.getTraceId())
                .id(span.getSpanId())
                .name(span.getName())
                .kind(kind(span))
                .timestamp(startMicros)
                .duration(Math.max(1, endMicros - startMicros))
                .localEndpoint(Endpoint.newBuilder().serviceName(service == null ? "unknown" : service).build());
        SpanContext parent = span.getParentSpanContext();
        if (parent.isValid()) {
            builder.parentId(parent.getSpanId());
        }
        span.getResource().getAttributes().forEach((key, value) -> {
            if (!key.getKey().equals("service.name") && !key.getKey().startsWith("telemetry.sdk")) {
                builder.putTag(key.getKey(), String.valueOf(value));
            }
        });
        span.getAttributes().forEach((key, value) -> builder.putTag(key.getKey(), String.valueOf(value)));
        for (EventData event : span.getEvents()) {
            builder.addAnnotation(TimeUnit.NANOSECONDS.toMicros(event.getEpochNanos()), event.getName());
        }
        if (span.getStatus().getStatusCode() == StatusCode.ERROR) {
            String description = span.getStatus().getDescription();
            builder.putTag("error", description.isEmpty() ? "true" : description);
        }
        return builder.build();
    }

    private static Span.@Nullable Kind kind(SpanData span) {
        return switch (span.getKind()) {
            case SERVER -> Span.Kind.SERVER;
            case CLIENT -> Span.Kind.CLIENT;
            case PRODUCER -> Span.Kind.PRODUCER;
            case CONSUMER -> Span.Kind.CONSUMER;
            case INTERNAL -> null;
        };
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        client.close();
        return CompletableResultCode.ofSuccess();
    }
}
