package io.cellchat.cluster;

import io.cellchat.testing.engines.LocalCell;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cellchat cluster}: a whole distributed cell on this machine, for trying it and for system tests. Every
 * engine and role is its own process on 127.0.0.1; what was started is recorded under a state folder, so
 * {@code status} and {@code down} work from any later shell, also after {@code up} crashed.
 */
@Command(
        name = "cellchat cluster",
        mixinStandardHelpOptions = true,
        description = "A whole distributed cell on this machine, on loopback (docs/design/cell.md, README).",
        subcommands = {UpCommand.class, StatusCommand.class, DownCommand.class})
public final class ClusterMain implements Runnable {

    @Option(names = "--state", description = "Folder of the cell's PID files, logs and data (default: ./data/cluster"
            + " under the project root).")
    Path state;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    ClusterState state() {
        Path folder = state != null ? state : LocalCell.projectRoot().resolve("data/cluster");
        return new ClusterState(folder.toAbsolutePath().normalize());
    }

    public static void main(String[] args) {
        CommandLine line = new CommandLine(new ClusterMain());
        line.setExecutionExceptionHandler((failure, commandLine, parsed) -> {
            System.err.println("cellchat cluster: " + failure.getMessage());
            return 1;
        });
        System.exit(line.execute(args));
    }
}
