package io.cellchat.platform.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;

class ZipkinSpanExporterTest {

    @Test
    void should_map_ids_parent_kind_times_tags_events_and_errors_onto_a_zipkin_span() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        List<SpanData> finished;
        try (Tracing tracing = Tracing.start(new TracingSettings(TracingSettings.Exporter.ZIPKIN, null, 1,
                "cellchat-dev", "dev-1"), exporter)) {
            Span parent = tracing.tracer().spanBuilder("frame send").setSpanKind(SpanKind.SERVER).startSpan();
            Span child = tracing.tracer().spanBuilder("append").setParent(Context.root().with(parent)).startSpan();
            child.setAttribute("cellchat.seq", 3L);
            child.addEvent("committed");
            child.setStatus(StatusCode.ERROR, "StoreException");
            child.end();
            parent.end();
            tracing.flush();
            finished = exporter.getFinishedSpanItems();
        }

        zipkin2.Span child = ZipkinSpanExporter.toZipkin(finished.get(0));
        zipkin2.Span parent = ZipkinSpanExporter.toZipkin(finished.get(1));

        assertThat(parent.kind()).isEqualTo(zipkin2.Span.Kind.SERVER);
        assertThat(parent.parentId()).isNull();
        assertThat(parent.localServiceName()).isEqualTo("cellchat-dev");
        assertThat(parent.tags()).containsEntry("service.instance.id", "dev-1");
        assertThat(child.traceId()).isEqualTo(finished.get(0).getTraceId());
        assertThat(child.id()).isEqualTo(finished.get(0).getSpanId());
        assertThat(child.parentId()).isEqualTo(parent.id());
        assertThat(child.kind()).isNull();
        assertThat(child.name()).isEqualTo("append");
        assertThat(child.tags()).containsEntry("cellchat.seq", "3").containsEntry("error", "StoreException");
        assertThat(child.annotations()).extracting(zipkin2.Annotation::value).containsExactly("committed");
        assertThat(child.timestampAsLong()).isEqualTo(finished.get(0).getStartEpochNanos() / 1000);
        assertThat(child.durationAsLong()).isPositive();
    }
}
