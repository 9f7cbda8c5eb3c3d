package io.cellchat.services.messaging.telemetry;

import static java.util.Objects.requireNonNull;

/** The edge's meters and tracing, handed together to the parts of the edge that report. */
public record EdgeTelemetry(EdgeMetrics metrics, EdgeTracing tracing) {

    public EdgeTelemetry {
        requireNonNull(metrics, "metrics");
        requireNonNull(tracing, "tracing");
    }
}
