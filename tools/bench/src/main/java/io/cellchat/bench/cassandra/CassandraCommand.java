package io.cellchat.bench.cassandra;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: being written in parallel; replaced before the benchmark lands. */
@Command(name = "cassandra", description = "(in progress)")
public final class CassandraCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 2;
    }
}
