package io.cellchat.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OneToOneSummaryTest {

    private static final Latency FAST = new Latency(1000, 2.0, 20.0, 30.0, 40.0);
    private static final Latency SLOW = new Latency(1000, 200.0, 900.0, 950.0, 990.0);

    private static StepResult step(String target, double rate, double delivered, Latency latency,
            Map<String, Double> byProcess, Map<String, Long> errors) {
        double total = byProcess.values().stream().mapToDouble(Double::doubleValue).sum();
        return new StepResult(target, rate, rate, delivered, delivered + 50, latency, latency, latency, 0, errors, 50, 20,
                byProcess.isEmpty() ? 100 : total, 0, byProcess);
    }

    @Test
    void should_report_each_process_cpu_per_message_and_the_refusals_of_a_cell_step() {
        Map<String, Object> summary = OneToOneCommand.summary(List.of(
                step("cellchat", 400, 400, FAST, Map.of(), Map.of()),
                step("cell", 400, 398, FAST, Map.of("messaging-1", 300.0, "sequencer", 200.0),
                        Map.of("UNAVAILABLE", 3L))));

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Map<String, Object>>> perStep =
                (Map<String, Map<String, Map<String, Object>>>) summary.get("perStep");
        assertThat(perStep.get("cell").get("400"))
                .containsEntry("cpuMicrosPerMessage", 500L)
                .containsEntry("errors", Map.of("UNAVAILABLE", 3L))
                .containsEntry("cpuMicrosPerMessageByProcess", Map.of("messaging-1", 300.0, "sequencer", 200.0));
        assertThat(perStep.get("cellchat").get("400")).doesNotContainKeys("cpuMicrosPerMessageByProcess", "errors");
    }

    @Test
    void should_compare_the_cell_with_the_single_process_at_their_best_rate_under_50_ms() {
        Map<String, Object> summary = OneToOneCommand.summary(List.of(
                step("cellchat", 400, 400, FAST, Map.of(), Map.of()),
                step("cellchat", 800, 800, FAST, Map.of(), Map.of()),
                step("cell", 400, 400, FAST, Map.of("gateway", 1.0), Map.of()),
                step("cell", 800, 640, SLOW, Map.of("gateway", 1.0), Map.of())));

        assertThat(summary).containsEntry("cellToCellchatRatio", 0.5);
    }
}
