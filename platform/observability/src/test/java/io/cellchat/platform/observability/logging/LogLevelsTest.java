package io.cellchat.platform.observability.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class LogLevelsTest {

    private final LogLevels levels = LogLevels.ofThisProcess();

    @Test
    void should_change_a_level_at_once_and_clear_it_back_to_the_inherited_one() {
        String name = "io.cellchat.test.levels";
        levels.set(name, "debug");
        assertThat(levels.configured()).containsEntry(name, "DEBUG");
        assertThat(org.slf4j.LoggerFactory.getLogger(name + ".Child").isDebugEnabled()).isTrue();

        levels.set(name, null);

        assertThat(levels.configured()).doesNotContainKey(name);
        assertThat(levels.effective(name)).isEqualTo(levels.effective("ROOT"));
    }

    @Test
    void should_refuse_unknown_levels_and_names_that_are_not_loggers() {
        assertThatIllegalArgumentException().isThrownBy(() -> levels.set("io.cellchat", "LOUD"))
                .withMessage("level: 'LOUD' (expected: one of [TRACE, DEBUG, INFO, WARN, ERROR, OFF] or null)");
        assertThatIllegalArgumentException().isThrownBy(() -> levels.set("io..cellchat", "INFO"))
                .withMessageStartingWith("logger: 'io..cellchat'");
        assertThatIllegalArgumentException().isThrownBy(() -> levels.set("ROOT", null));
    }

    @Test
    void should_put_ids_into_the_logging_context_and_restore_what_was_there() {
        SpanContext span = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7",
                TraceFlags.getSampled(), TraceState.getDefault());
        MDC.put(LogContext.USER_ID, "1");
        try (LogContext outer = LogContext.of(7, 8, "d:7:9", span)) {
            assertThat(MDC.get(LogContext.USER_ID)).isEqualTo("7");
            assertThat(MDC.get(LogContext.TRACE_ID)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            try (LogContext inner = LogContext.of(7, 8, null, null)) {
                assertThat(MDC.get(LogContext.CONVERSATION_ID)).isNull();
                assertThat(MDC.get(LogContext.TRACE_ID)).isNull();
            }
            assertThat(MDC.get(LogContext.CONVERSATION_ID)).isEqualTo("d:7:9");
        }
        assertThat(MDC.get(LogContext.USER_ID)).isEqualTo("1");
        assertThat(MDC.get(LogContext.SPAN_ID)).isNull();
        MDC.clear();
    }
}
