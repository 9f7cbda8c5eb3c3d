package io.cellchat.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ./cellchat bench <scenario>}: the benchmarks of docs/benchmarks.md. Each scenario prints a progress line
 * while it runs and writes its figures as JSON (and PNG plots) under {@code docs/benchmarks/}.
 */
@Command(
        name = "cellchat bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks: load scenarios against Cellchat, the baseline relay and ejabberd; Kafka and"
                + " Cassandra settings; JMH microbenchmarks.",
        subcommands = {
            io.cellchat.bench.load.OneToOneCommand.class,
            io.cellchat.bench.load.CellPlanCommand.class,
            io.cellchat.bench.load.CapacityCommand.class,
            io.cellchat.bench.load.FanoutCommand.class,
            io.cellchat.bench.load.ReconnectCommand.class,
            io.cellchat.bench.kafka.KafkaCommand.class,
            io.cellchat.bench.cassandra.CassandraCommand.class,
            io.cellchat.bench.jmh.JmhCommand.class,
            CommandLine.HelpCommand.class
        })
public final class BenchMain {

    public static void main(String[] args) {
        int exit = new CommandLine(new BenchMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(exit);
    }
}
