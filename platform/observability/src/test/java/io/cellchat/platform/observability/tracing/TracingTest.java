package io.cellchat.platform.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TracingTest {

    private static final String SAMPLED_PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void should_make_no_spans_and_carry_no_headers_when_off() {
        try (Tracing tracing = Tracing.start(TracingSettings.off("cellchat-test"))) {
            assertThat(tracing.enabled()).isFalse();
            Context extracted = tracing.headers().extract(Context.root(), Map.of("traceparent", SAMPLED_PARENT)::get);
            assertThat(Span.fromContext(extracted).getSpanContext().isValid()).isFalse();
            assertThat(tracing.headers().toMap(extracted)).isEmpty();
        }
    }

    @Test
    void should_carry_trace_context_and_baggage_through_headers_both_ways() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (Tracing tracing = Tracing.start(settings(1.0), spans)) {
            Context parent = tracing.headers().extract(Context.root(),
                    Map.of("traceparent", SAMPLED_PARENT, "baggage", "cellchat.user_id=7")::get);
            Span span = tracing.tracer().spanBuilder("work").setParent(parent).startSpan();

            Map<String, String> headers = tracing.headers().toMap(parent.with(span));
            span.end();

            assertThat(headers.get("traceparent")).startsWith("00-4bf92f3577b34da6a3ce929d0e0e4736-")
                    .doesNotContain("00f067aa0ba902b7").endsWith("-01");
            assertThat(headers.get("baggage")).isEqualTo("cellchat.user_id=7");
            Context again = tracing.headers().extract(Context.root(), headers::get);
            assertThat(Baggage.fromContext(again).getEntryValue("cellchat.user_id")).isEqualTo("7");
            assertThat(Span.fromContext(again).getSpanContext().getSpanId()).isEqualTo(span.getSpanContext().getSpanId());
        }
    }

    @Test
    void should_copy_baggage_into_the_attributes_of_every_span_started_under_it() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (Tracing tracing = Tracing.start(settings(1.0), spans)) {
            Context context = Context.root().with(Baggage.builder().put("cellchat.conversation_id", "d:1:2").build());
            tracing.tracer().spanBuilder("work").setParent(context).startSpan().end();
            tracing.flush();

            SpanData span = spans.getFinishedSpanItems().getFirst();
            assertThat(span.getAttributes().get(AttributeKey.stringKey("baggage.cellchat.conversation_id")))
                    .isEqualTo("d:1:2");
            assertThat(span.getResource().getAttribute(AttributeKey.stringKey("service.name")))
                    .isEqualTo("cellchat-test");
        }
    }

    @Test
    void should_decide_sampling_from_the_ratio_even_when_a_client_asks_for_it() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (Tracing tracing = Tracing.start(settings(0.0), spans)) {
            Context parent = tracing.headers().extract(Context.root(), Map.of("traceparent", SAMPLED_PARENT)::get);

            Span span = tracing.tracer().spanBuilder("work").setParent(parent).startSpan();
            span.end();

            assertThat(span.getSpanContext().isSampled()).isFalse();
            tracing.flush();
            assertThat(spans.getFinishedSpanItems()).isEmpty();
        }
    }

    @Test
    void should_follow_a_local_parent_so_a_sampled_trace_stays_whole() {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (Tracing tracing = Tracing.start(settings(1.0), spans)) {
            Span root = tracing.tracer().spanBuilder("root").startSpan();
            Span child = tracing.tracer().spanBuilder("child").setParent(Context.root().with(root)).startSpan();
            child.end();
            root.end();
            tracing.flush();

            assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).containsExactly("child", "root");
            assertThat(spans.getFinishedSpanItems().getFirst().getParentSpanId()).isEqualTo(root.getSpanContext()
                    .getSpanId());
        }
    }

    private static TracingSettings settings(double ratio) {
        return new TracingSettings(TracingSettings.Exporter.ZIPKIN, null, ratio, "cellchat-test", "test-1");
    }
}
