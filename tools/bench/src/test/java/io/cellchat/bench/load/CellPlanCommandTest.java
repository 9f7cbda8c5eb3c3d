package io.cellchat.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class CellPlanCommandTest {

    private static final String RESULTS = """
            {"figures": {"steps": [
              {"target": "cellchat", "offeredPerSecond": 400, "deliveredPerSecond": 400, "lost": 0,
               "fromScheduled": {"p99": 5}},
              {"target": "cell", "offeredPerSecond": 400, "deliveredPerSecond": 400, "lost": 0,
               "fromScheduled": {"p99": 30},
               "cpuMicrosPerMessageByProcess": {"messaging-1": 400, "messaging-2": 600, "kafka-1": 200,
                                                "cassandra": 100, "sequencer": 500}},
              {"target": "cell", "offeredPerSecond": 800, "deliveredPerSecond": 700, "lost": 12,
               "fromScheduled": {"p99": 900},
               "cpuMicrosPerMessageByProcess": {"messaging-1": 300, "messaging-2": 300, "kafka-1": 100,
                                                "cassandra": 50, "sequencer": 400}}
            ]}}
            """;

    private static CellPlanCommand command(String... args) {
        CellPlanCommand command = new CellPlanCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void should_size_each_role_from_the_knee_step_by_the_stated_formulas() throws Exception {
        JsonNode document = new ObjectMapper().readTree(RESULTS);

        String plan = command().plan(document);

        // R = 10M x 100 x 3 / 86,400 = 34,722/s; messaging: 34,722 x 1,000 µs / 0.5 = 69.4 cores, 5 servers of 16,
        // but 2.6M connections at 100,000 per server need 26.
        assertThat(plan).contains("R = 34,722 messages/s")
                .contains("| messaging servers | 1,000 | 1 | 69.4 | 26 | connections (100000 per server) |")
                // Kafka at RF 3: 34,722 x 200 x 3 / 0.5 = 41.7 cores: 3 brokers of 16 cores.
                .contains("| kafka | 200 | RF 3 | 41.7 | 3 | CPU |")
                .contains("| cassandra | 100 | RF 3 | 20.8 | 3 | RF 3 |")
                .contains("| sequencer | 500 | 1 | 34.7 | 3 | CPU |")
                .contains("400/s offered (used)");
    }

    @Test
    void should_subtract_each_process_s_idle_cost_and_charge_the_messaging_servers_idle_cost_per_connection()
            throws Exception {
        JsonNode document = new ObjectMapper().readTree("""
                {"figures": {
                  "cell": {"idle": {"seconds": 20, "connections": 2000,
                    "cpuPercentByProcess": {"messaging-1": 10, "messaging-2": 10, "kafka-1": 20, "sequencer": 4}}},
                  "steps": [
                    {"target": "cell", "offeredPerSecond": 100, "deliveredPerSecond": 100, "handledPerSecond": 150,
                     "lost": 0, "fromScheduled": {"p99": 600},
                     "cpuMicrosPerMessageByProcess": {"messaging-1": 1000, "messaging-2": 1000, "kafka-1": 2000,
                                                      "sequencer": 400}},
                    {"target": "cell", "offeredPerSecond": 200, "deliveredPerSecond": 150, "handledPerSecond": 200,
                     "lost": 900, "fromScheduled": {"p99": 9000},
                     "cpuMicrosPerMessageByProcess": {"messaging-1": 900, "messaging-2": 900, "kafka-1": 1500,
                                                      "sequencer": 300}}
                ]}}
                """);

        String plan = command().plan(document);

        // At 100/s (the last step delivered whole; the 200/s step lost messages), 150 handled/s with the probe:
        // messaging 2,000 µs x 150/s = 30% of a core, 20% of it idle: (30 - 20)% / 150 = 667 µs per message
        // (at 200/s: 1,800 µs x 200/s = 36%, (36 - 20)% / 200 = 800 µs).
        // Kafka 2,000 µs = 30%, 20% idle: 667 µs. Sequencer 400 µs = 6%, 4% idle: 133 µs.
        assertThat(plan).contains("| Process | idle (2,000 clients) | 100/s offered (used) | 200/s offered | ")
                .contains("| messaging servers | 20% | 667 µs (30%) | 800 µs (36%) | ")
                .contains("| kafka | 20% | 667 µs (30%) | 500 µs (30%) | ")
                .contains("| **total** | **44%** | **1,467 µs** (66%) | ");
        // Messaging: 34,722 x 667 µs / 0.5 = 46.3 cores for messages, and 2.6M connections at 20% of a core per
        // 2,000 = 260 cores, / 0.5 = 520: 566.3 cores, 36 servers of 16 (more than the 26 that connections need).
        assertThat(plan).contains("| messaging servers | 667 | 1 | 566.3 | 36 | CPU |")
                .contains("| kafka | 667 | RF 3 | 138.9 | 9 | CPU |")
                .contains("include 520.0 for holding C connections idle (their idle CPU, 20% of a core for 2,000");
    }

    @Test
    void should_refuse_a_step_that_was_not_measured() throws Exception {
        JsonNode document = new ObjectMapper().readTree(RESULTS);

        assertThatThrownBy(() -> command("--step", "300").plan(document))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--step: 300.0");
    }
}
