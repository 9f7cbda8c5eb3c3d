package io.cellchat.platform.observability.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class W3cTraceFieldsTest {

    private static final String PARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void should_accept_a_w3c_parent_with_state_and_baggage() {
        assertThat(W3cTraceFields.problem("trace", PARENT, "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE",
                "userId=alice, serverNode = DF%2028 ;ttl=10, isProduction=false")).isNull();
    }

    @Test
    void should_accept_baggage_alone_and_nothing_at_all() {
        assertThat(W3cTraceFields.problem("trace", "", "", "app=web")).isNull();
        assertThat(W3cTraceFields.problem("trace", "", "", "")).isNull();
    }

    @Test
    void should_refuse_a_parent_that_is_not_version_00_lower_hex_with_both_ids_set() {
        assertThat(W3cTraceFields.problem("trace", PARENT.toUpperCase(java.util.Locale.ROOT), "", ""))
                .startsWith("trace.traceparent: '00-4BF92F");
        assertThat(W3cTraceFields.problem("trace", "01" + PARENT.substring(2), "", "")).isNotNull();
        assertThat(W3cTraceFields.problem("trace", "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "", ""))
                .contains("IDs not all zero");
        assertThat(W3cTraceFields.problem("trace", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", "", ""))
                .isNotNull();
        assertThat(W3cTraceFields.problem("trace", PARENT + "-extra", "", "")).isNotNull();
    }

    @Test
    void should_refuse_state_without_a_parent_or_beyond_its_limits() {
        assertThat(W3cTraceFields.problem("trace", "", "rojo=1", "")).contains("without a traceparent");
        assertThat(W3cTraceFields.problem("trace", PARENT, "Rojo=1", "")).startsWith("trace.tracestate member");
        assertThat(W3cTraceFields.problem("trace", PARENT, "a=" + "x".repeat(600), ""))
                .startsWith("trace.tracestate length: 602");
    }

    @Test
    void should_refuse_baggage_that_is_malformed_too_long_or_has_too_many_entries() {
        assertThat(W3cTraceFields.problem("trace", "", "", "no-equals-sign")).startsWith("trace.baggage member");
        assertThat(W3cTraceFields.problem("trace", "", "", "key=has space")).startsWith("trace.baggage member");
        assertThat(W3cTraceFields.problem("trace", "", "", "k=\"quoted\"")).startsWith("trace.baggage member");
        assertThat(W3cTraceFields.problem("trace", "", "", "k=" + "v".repeat(1100)))
                .startsWith("trace.baggage length: 1102");
        assertThat(W3cTraceFields.problem("trace", "", "", "a=1,".repeat(16) + "a=1"))
                .isEqualTo("trace.baggage: 17 members (expected: <= 16)");
    }
}
