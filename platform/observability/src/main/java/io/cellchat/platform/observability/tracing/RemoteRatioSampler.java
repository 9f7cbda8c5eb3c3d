package io.cellchat.platform.observability.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Cellchat's sampler: a span whose parent came from outside the process (a client's frame, a Kafka record) is
 * sampled by the trace ID ratio, whatever the parent's "sampled" flag says; any other span follows its parent (a root
 * span: the ratio). Every process of a cell runs the same ratio on the same trace ID, so they all take the same
 * decision for one message without trusting a client's flag.
 *
 * <p>OpenTelemetry's {@code ParentBased} sampler can be given the ratio sampler for remote parents too, but it warns
 * that a ratio below the root is discouraged, which is right when processes may run different ratios and wrong here,
 * where they share one; this class says the intent without the warning.
 */
final class RemoteRatioSampler implements Sampler {

    private final Sampler ratio;
    private final Sampler parentBased;

    RemoteRatioSampler(double ratio) {
        this.ratio = Sampler.traceIdRatioBased(ratio);
        this.parentBased = Sampler.parentBased(this.ratio);
    }

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        SpanContext parent = Span.fromContext(parentContext).getSpanContext();
        Sampler decides = parent.isValid() && parent.isRemote() ? ratio : parentBased;
        return decides.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "RemoteRatioSampler{" + ratio.getDescription() + "}";
    }
}
