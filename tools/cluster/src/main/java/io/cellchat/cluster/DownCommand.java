package io.cellchat.cluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cellchat cluster down}: stops what {@code up} recorded, also after {@code up} crashed. Roles first, in the
 * reverse order of their start (messaging servers drain while Kafka and Redis are still there), then the engines:
 * SIGTERM to each watchdog, which stops its process gracefully and kills it after a grace period. Last, the keeper
 * goes, so a process that {@code up} started but did not get to record is stopped by its own watchdog.
 */
@Command(name = "down", mixinStandardHelpOptions = true, description = "Stop every process of the local cell.")
final class DownCommand implements Callable<Integer> {

    @ParentCommand
    ClusterMain parent;

    @Override
    public Integer call() {
        ClusterState state = parent.state();
        if (state.entries().isEmpty() && state.keeper().isEmpty()) {
            System.out.println("no cell recorded under " + state.folder() + "; nothing to stop");
            return 0;
        }
        stop(state);
        return 0;
    }

    /** Stops every recorded process, then the keeper; forgets the record. */
    static void stop(ClusterState state) {
        List<ClusterState.Entry> entries = state.entries();
        for (ClusterState.Entry role : entries.reversed().stream().filter(ClusterState.Entry::isRole).toList()) {
            stop(role, state, Duration.ofSeconds(30));
        }
        for (ClusterState.Entry engine : entries.reversed().stream().filter(e -> !e.isRole()).toList()) {
            stop(engine, state, Duration.ofSeconds(40));
        }
        state.keeper().flatMap(ProcessHandle::of).filter(p -> owned(p, "sleep")).ifPresent(ProcessHandle::destroy);
        state.forget();
        System.out.println("stopped; logs and data stay under " + state.folder() + " until the next 'up'");
    }

    private static void stop(ClusterState.Entry entry, ClusterState state, Duration timeout) {
        String mark = state.folder().toString();
        // Redis renames its process, so its watchdog's command line (which names the PID file) vouches for it.
        var process = ProcessHandle.of(entry.pid()).filter(p -> owned(p, mark)
                || ProcessHandle.of(entry.watchdog()).map(w -> owned(w, mark)).orElse(false));
        if (process.isEmpty() || !process.get().isAlive()) {
            return;
        }
        System.out.printf("stopping %s (pid %d)%n", entry.name(), entry.pid());
        ProcessHandle.of(entry.watchdog()).filter(ProcessHandle::isAlive).ifPresentOrElse(ProcessHandle::destroy,
                () -> process.get().destroy());
        Instant deadline = Instant.now().plus(timeout);
        while (process.get().isAlive() && Instant.now().isBefore(deadline)) {
            sleep(100);
        }
        if (process.get().isAlive()) {
            System.out.printf("%s did not stop within %d s; killing it%n", entry.name(), timeout.toSeconds());
            process.get().destroyForcibly();
        }
    }

    /** Guards against a recycled PID: the process's command line must name the cell's folder (or be unknown). */
    private static boolean owned(ProcessHandle process, String mark) {
        return process.info().commandLine().map(line -> line.contains(mark)).orElse(true);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
