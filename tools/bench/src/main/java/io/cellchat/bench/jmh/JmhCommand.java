package io.cellchat.bench.jmh;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: being written in parallel; replaced before the benchmark lands. */
@Command(name = "jmh", description = "(in progress)")
public final class JmhCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 2;
    }
}
