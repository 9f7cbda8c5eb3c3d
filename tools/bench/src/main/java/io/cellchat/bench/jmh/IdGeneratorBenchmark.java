package io.cellchat.bench.jmh;

import io.cellchat.domain.id.HighWaterMark;
import io.cellchat.domain.id.Sleeper;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * IDs per second of one {@link SnowflakeIdGenerator}, from one thread and from two (this machine has two cores). The
 * layout caps one generator at 1,024 IDs per millisecond, so about 1.02 million per second is the ceiling; the
 * high-water mark is kept in memory here (the file mark costs one fsync per second of IDs, not per ID).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class IdGeneratorBenchmark {

    private SnowflakeIdGenerator generator;

    @Setup
    public void setUp() {
        generator = new SnowflakeIdGenerator(SnowflakeIdGenerator.Settings.of(0, 1), Clock.systemUTC(),
                Sleeper.system(), HighWaterMark.inMemory());
    }

    @Benchmark
    @Threads(1)
    public long oneThread() {
        return generator.next();
    }

    @Benchmark
    @Threads(2)
    public long twoThreads() {
        return generator.next();
    }
}
