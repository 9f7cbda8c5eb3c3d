package io.cellchat.platform.observability.tracing;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * How a process traces (configuration keys {@code tracing.*}, docs/configuration.md).
 *
 * @param exporter where finished spans go; {@link Exporter#NONE} turns tracing off (no span is made)
 * @param endpoint the collector's URL; {@code null} for the exporter's default on 127.0.0.1
 * @param sampleRatio the share of traces recorded, 0 to 1, decided from the trace ID so every process of a cell
 *     makes the same decision for one trace
 * @param serviceName the process's name in the trace backend, for example {@code cellchat-dev}
 * @param instanceId tells processes of one role apart ({@code service.instance.id})
 */
public record TracingSettings(Exporter exporter, @Nullable URI endpoint, double sampleRatio, String serviceName,
        String instanceId) {

    /** Where spans are sent. */
    public enum Exporter {
        /** Tracing off. */
        NONE,
        /** OTLP over HTTP with protobuf bodies (an OpenTelemetry Collector, Jaeger, Tempo, ...), default port 4318. */
        OTLP,
        /** Zipkin's v2 JSON API ({@code /api/v2/spans}), default port 9411. */
        ZIPKIN
    }

    public TracingSettings {
        requireNonNull(exporter, "exporter");
        requireNonNull(serviceName, "serviceName");
        requireNonNull(instanceId, "instanceId");
        if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
            throw new IllegalArgumentException("sampleRatio: " + sampleRatio + " (expected: 0..1)");
        }
    }

    public static TracingSettings off(String serviceName) {
        return new TracingSettings(Exporter.NONE, null, 0, serviceName, "0");
    }

    /** The endpoint, or the exporter's default. */
    public URI endpointOrDefault() {
        if (endpoint != null) {
            return endpoint;
        }
        return switch (exporter) {
            case OTLP -> URI.create("http://127.0.0.1:4318/v1/traces");
            case ZIPKIN -> URI.create("http://127.0.0.1:9411/api/v2/spans");
            case NONE -> URI.create("http://127.0.0.1/");
        };
    }
}
