package io.cellchat.cluster;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/**
 * {@code cellchat cluster status}: each recorded process, whether it runs, and for a role its {@code /health/ready}
 * (for an engine, whether its port answers). Exit status 0 when every process is up and ready, 1 when one is not,
 * 3 when no cell runs here.
 */
@Command(name = "status", mixinStandardHelpOptions = true, description = "Show each process of the local cell.")
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    ClusterMain parent;

    @Override
    public Integer call() {
        ClusterState state = parent.state();
        if (state.entries().isEmpty()) {
            System.out.println("no cell recorded under " + state.folder() + " (start one with: cellchat cluster up)");
            return 3;
        }
        System.out.println("cell under " + state.folder() + (state.running() ? "" : " (its keeper is gone: stopping)"));
        System.out.printf("%-13s %-7s %-8s %-6s %s%n", "PROCESS", "PID", "RUNNING", "PORT", "READY");
        boolean allReady = true;
        for (ClusterState.Entry entry : state.entries()) {
            boolean alive = Health.alive(entry.pid());
            String ready;
            if (!alive) {
                ready = "-";
                allReady = false;
            } else if (entry.isRole()) {
                Health.Ready answer = Health.ready(entry.port());
                ready = answer.detail();
                allReady &= answer.ready();
            } else {
                boolean listening = Health.listening(entry.port());
                ready = listening ? "port open" : "port closed";
                allReady &= listening;
            }
            System.out.printf("%-13s %-7d %-8s %-6d %s%n", entry.name(), entry.pid(), alive ? "yes" : "NO",
                    entry.port(), ready);
        }
        return allReady ? 0 : 1;
    }
}
