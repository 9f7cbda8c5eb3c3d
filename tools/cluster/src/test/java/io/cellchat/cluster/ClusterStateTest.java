package io.cellchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellchat.testing.engines.LocalCell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code cluster} records and how {@code down} uses it, on real processes (a {@code sleep} under the same
 * watchdog the engines and roles run under): no engine is started.
 */
@Timeout(60)
class ClusterStateTest {

    @TempDir
    Path folder;

    @Test
    void should_read_back_what_it_recorded_and_refuse_a_broken_line() throws Exception {
        ClusterState state = new ClusterState(folder);
        state.record(new ClusterState.Entry("kafka-1", "engine", 11, 12, 9092));
        state.record(new ClusterState.Entry("messaging-1", "role", 21, 22, 8081));

        assertThat(state.entries()).extracting(ClusterState.Entry::name).containsExactly("kafka-1", "messaging-1");
        assertThat(state.entries().get(1).isRole()).isTrue();
        assertThat(state.running()).as("no keeper recorded").isFalse();

        Files.writeString(folder.resolve("processes.tsv"), "kafka-1\tengine\t11\n");
        assertThatThrownBy(state::entries).hasMessage("processes.tsv: bad line 'kafka-1\tengine\t11' (expected 5 fields)");
    }

    @Test
    void should_stop_a_recorded_process_and_one_that_was_never_recorded_when_going_down() throws Exception {
        ClusterState state = new ClusterState(folder);
        Process keeper = new ProcessBuilder("sleep", "infinity").start();
        state.writeKeeper(keeper.pid());
        LocalCell.Started recorded = LocalCell.process("recorded", state.folderOf("recorded"), keeper.pid(), 5,
                List.of("sleep", "1000"));
        state.record(new ClusterState.Entry("recorded", "role", recorded.watchdog(), recorded.pid(), 1));
        // Started, but 'up' crashed before recording it: only the keeper ties it to the cell.
        LocalCell.Started unrecorded = LocalCell.process("unrecorded", state.folderOf("unrecorded"), keeper.pid(), 5,
                List.of("sleep", "1000"));
        assertThat(state.running()).isTrue();

        DownCommand.stop(state);

        assertThat(ProcessHandle.of(recorded.pid()).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        awaitGone(unrecorded.pid());
        assertThat(keeper.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)).as("keeper gone").isTrue();
        assertThat(state.entries()).isEmpty();
        assertThat(state.running()).isFalse();
    }

    private static void awaitGone(long pid) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            assertThat(System.nanoTime()).as("process %d still alive", pid).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
