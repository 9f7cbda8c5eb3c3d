package io.cellchat.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * The one-minute smoke run of the load harness that CI runs: the quick one-to-one scenario against the relay and
 * Cellchat, and the quick capacity scenario against Cellchat. It checks the harness works end to end (servers
 * start, clients connect, messages arrive, results are written), never how fast: figures are for
 * docs/benchmarks.md, measured on a quiet machine, not asserted here.
 */
@Tag("benchmark")
@Timeout(300)
class BenchSmokeIT {

    private static final Path OUT = Path.of("target", "bench-smoke");
    private static String previous;

    @BeforeAll
    static void redirectResults() {
        previous = System.getProperty("cellchat.bench.out");
        System.setProperty("cellchat.bench.out", OUT.toAbsolutePath().toString());
    }

    @AfterAll
    static void restore() {
        if (previous == null) {
            System.clearProperty("cellchat.bench.out");
        } else {
            System.setProperty("cellchat.bench.out", previous);
        }
    }

    @Test
    void should_deliver_one_to_one_messages_through_the_relay_and_cellchat() throws Exception {
        int exit = new CommandLine(new BenchMain()).execute("one-to-one", "--quick", "--targets", "relay,cellchat",
                "--name", "smoke-one-to-one");

        assertThat(exit).isZero();
        JsonNode steps = new ObjectMapper().readTree(OUT.resolve("smoke-one-to-one.json").toFile())
                .path("figures").path("steps");
        assertThat(steps).hasSize(2);
        for (JsonNode step : steps) {
            assertThat(step.path("deliveredPerSecond").asDouble()).as("%s", step).isPositive();
            assertThat(step.path("lost").asLong()).as("%s", step).isZero();
        }
        assertThat(Files.exists(OUT.resolve("smoke-one-to-one-latency.png"))).isTrue();
    }

    @Test
    void should_hold_idle_connections_and_measure_their_memory() throws Exception {
        int exit = new CommandLine(new BenchMain()).execute("capacity", "--quick", "--targets", "cellchat",
                "--name", "smoke-capacity");

        assertThat(exit).isZero();
        JsonNode target = new ObjectMapper().readTree(OUT.resolve("smoke-capacity.json").toFile())
                .path("figures").path("targets").get(0);
        assertThat(target.path("connectionsHeld").asInt()).isEqualTo(2000);
        assertThat(target.path("heapKibPerConnection").asDouble()).isPositive();
    }
}
