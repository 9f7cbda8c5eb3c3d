package io.cellchat.platform.observability.tracing;

import static java.util.Objects.requireNonNull;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracing of one process: an OpenTelemetry SDK with W3C trace context and baggage, a sampler, a batching
 * exporter (OTLP or Zipkin), or nothing at all when tracing is off.
 *
 * <p>Off means off: {@link #enabled()} is false, callers skip making spans and reading the client's trace fields,
 * and {@link #headers()} neither injects nor extracts, so the hot path pays one boolean test. On, spans are batched
 * and exported on a background thread; a collector that is down loses spans, never slows a message.
 *
 * <p>Sampling is decided from the trace ID (ratio {@code tracing.sample-ratio}) for every span whose parent comes
 * from outside the process: a client's frame or a Kafka record. So every process of a cell takes the same decision
 * for one trace without trusting the client's "sampled" flag; spans with a local parent follow it.
 *
 * <p>Baggage entries become attributes of every span started under them ({@link BaggageAttributes}), which is how
 * the user, device and conversation IDs show on every span of a message in the trace backend.
 */
public final class Tracing implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Tracing.class);
    /** The instrumentation scope of Cellchat's own spans. */
    public static final String SCOPE = "io.cellchat";

    private final TracingSettings settings;
    private final OpenTelemetry openTelemetry;
    private final @Nullable SdkTracerProvider provider;
    private final Tracer tracer;
    private final TraceHeaders headers;

    private Tracing(TracingSettings settings, OpenTelemetry openTelemetry, @Nullable SdkTracerProvider provider) {
        this.settings = settings;
        this.openTelemetry = openTelemetry;
        this.provider = provider;
        this.tracer = openTelemetry.getTracer(SCOPE);
        this.headers = new TraceHeaders(provider != null ? openTelemetry.getPropagators().getTextMapPropagator()
                : TextMapPropagator.noop());
    }

    /** Tracing as configured; {@link TracingSettings.Exporter#NONE} gives the no-op implementation. */
    public static Tracing start(TracingSettings settings) {
        requireNonNull(settings, "settings");
        if (settings.exporter() == TracingSettings.Exporter.NONE) {
            return new Tracing(settings, OpenTelemetry.noop(), null);
        }
        return start(settings, exporter(settings));
    }

    /** Tracing into a given exporter (tests use an in-memory one). */
    public static Tracing start(TracingSettings settings, SpanExporter exporter) {
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.builder()
                .put("service.name", settings.serviceName())
                .put("service.instance.id", settings.instanceId())
                .build()));
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource)
                .setSampler(new RemoteRatioSampler(settings.sampleRatio()))
                .addSpanProcessor(new BaggageAttributes())
                .addSpanProcessor(BatchSpanProcessor.builder(exporter)
                        .setScheduleDelay(Duration.ofMillis(500))
                        .setMaxQueueSize(8192)
                        .build())
                .build();
        OpenTelemetry sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(provider)
                .setPropagators(ContextPropagators.create(TextMapPropagator.composite(
                        W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())))
                .build();
        log.info("tracing on: {} spans to {} ({}), sample ratio {}", settings.serviceName(),
                settings.endpointOrDefault(), settings.exporter(), settings.sampleRatio());
        return new Tracing(settings, sdk, provider);
    }

    private static SpanExporter exporter(TracingSettings settings) {
        return switch (settings.exporter()) {
            case OTLP -> OtlpHttpSpanExporter.builder()
                    .setEndpoint(settings.endpointOrDefault().toString())
                    .setTimeout(Duration.ofSeconds(10))
                    .build();
            case ZIPKIN -> new ZipkinSpanExporter(settings.endpointOrDefault(), Duration.ofSeconds(10));
            case NONE -> throw new IllegalArgumentException("no exporter when tracing is off");
        };
    }

    /** Whether spans are made; false skips every tracing step on the hot path. */
    public boolean enabled() {
        return provider != null;
    }

    public Tracer tracer() {
        return tracer;
    }

    /** Puts the trace context into headers and reads it back (Kafka records, the client's frame, HTTP). */
    public TraceHeaders headers() {
        return headers;
    }

    public OpenTelemetry openTelemetry() {
        return openTelemetry;
    }

    public TracingSettings settings() {
        return settings;
    }

    /** Exports what is buffered (up to 5 s) and stops. */
    @Override
    public void close() {
        if (provider != null) {
            provider.shutdown().join(5, TimeUnit.SECONDS);
        }
    }

    /** Exports what is buffered now (tests, before reading the trace backend). */
    public void flush() {
        if (provider != null) {
            provider.forceFlush().join(5, TimeUnit.SECONDS);
        }
    }
}
