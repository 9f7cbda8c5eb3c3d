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
    void should_refuse_a_step_that_was_not_measured() throws Exception {
        JsonNode document = new ObjectMapper().readTree(RESULTS);

        assertThatThrownBy(() -> command("--step", "300").plan(document))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--step: 300.0");
    }
}
