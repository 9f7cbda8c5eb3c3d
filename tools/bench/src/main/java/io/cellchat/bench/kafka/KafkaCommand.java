package io.cellchat.bench.kafka;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder: being written in parallel; replaced before the benchmark lands. */
@Command(name = "kafka", description = "(in progress)")
public final class KafkaCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 2;
    }
}
