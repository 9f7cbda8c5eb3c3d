package io.cellchat.system;

import io.cellchat.testing.observability.ObservabilityQueries;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Prometheus files under {@code deploy/observability/prometheus} pass Prometheus's own checks: the configuration
 * and the rules load ({@code promtool check}), and every alert fires when it should and not before
 * ({@code promtool test rules}, with the rule unit tests beside them). Debian's {@code prometheus} package brings
 * promtool; the test command installs it.
 */
@Tag("integration")
@Timeout(60)
class AlertRulesIT {

    private static final Path PROMETHEUS = ObservabilityQueries.deploy().resolve("prometheus");

    @Test
    void should_load_the_scrape_configuration_and_its_rules() throws Exception {
        assertThat(promtool("check", "config", PROMETHEUS.resolve("prometheus.yml").toString()))
                .contains("SUCCESS").contains("is valid prometheus config file syntax");
    }

    @Test
    void should_load_every_alert_rule() throws Exception {
        assertThat(promtool("check", "rules", PROMETHEUS.resolve("rules/cellchat-alerts.yml").toString()))
                .contains("SUCCESS: 8 rules found");
    }

    @Test
    void should_fire_each_alert_when_its_condition_holds_long_enough_and_not_before() throws Exception {
        assertThat(promtool("test", "rules", PROMETHEUS.resolve("tests/cellchat-alerts-test.yml").toString()))
                .contains("SUCCESS");
    }

    @Test
    void should_follow_the_query_comparison_number_convention_in_every_alert() throws Exception {
        assertThat(ObservabilityQueries.alerts()).hasSize(8);
    }

    private static String promtool(String... args) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assertThat(Files.isExecutable(promtool)).as("promtool installed (apt-get install prometheus)").isTrue();
        List<String> command = new java.util.ArrayList<>(List.of(promtool.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        return output;
    }
}
