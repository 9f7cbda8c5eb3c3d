package io.cellchat.bench.jmh;

import io.cellchat.domain.id.Snowflake;
import io.cellchat.domain.partition.PartitionHash;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.utils.Utils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Partitions per second of {@link PartitionHash#partitionOf(long, int)} over 64 partitions, against Kafka's own
 * {@code Utils.murmur2} on the same 8-byte big-endian key (what the default partitioner computes for a record keyed by
 * the user ID).
 *
 * <p>The user IDs are Snowflake-shaped (a year of timestamps, any cell, worker and sequence), drawn once in
 * {@link #setUp()} into a power-of-two array that each call walks with a mask, so the RNG is not measured. The array
 * (32 KiB) stays in L1/L2 cache.
 *
 * <ul>
 *   <li>{@code partitionOf}, {@code kafkaPartition}: key bytes built per call, hash, {@code & 0x7fffffff % 64}: the
 *       whole computation a gateway (ours) or a producer (Kafka's partitioner, after the key serializer) does.</li>
 *   <li>{@code murmur2}, {@code kafkaMurmur2}: the hash alone, over keys built in {@link #setUp()}.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class PartitionHashBenchmark {

    static final int PARTITIONS = 64;
    private static final int SIZE = 4096;
    private static final int MASK = SIZE - 1;

    private final long[] userIds = new long[SIZE];
    private final byte[][] keys = new byte[SIZE][];
    private int next;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(20260101L);
        long year = 365L * 24 * 3600 * 1000;
        for (int i = 0; i < SIZE; i++) {
            userIds[i] = Snowflake.compose(random.nextLong(year), random.nextInt(Snowflake.MAX_CELL + 1),
                    random.nextInt(Snowflake.MAX_WORKER + 1), random.nextInt(Snowflake.MAX_SEQUENCE + 1));
            keys[i] = PartitionHash.key(userIds[i]);
            int ours = PartitionHash.partitionOf(userIds[i], PARTITIONS);
            int kafka = Utils.toPositive(Utils.murmur2(keys[i])) % PARTITIONS;
            if (ours != kafka) {
                throw new IllegalStateException("user " + userIds[i] + ": partition " + ours + ", Kafka " + kafka);
            }
        }
    }

    @Benchmark
    public int partitionOf() {
        return PartitionHash.partitionOf(userIds[next++ & MASK], PARTITIONS);
    }

    @Benchmark
    public int kafkaPartition() {
        return Utils.toPositive(Utils.murmur2(PartitionHash.key(userIds[next++ & MASK]))) % PARTITIONS;
    }

    @Benchmark
    public int murmur2() {
        return PartitionHash.murmur2(keys[next++ & MASK]);
    }

    @Benchmark
    public int kafkaMurmur2() {
        return Utils.murmur2(keys[next++ & MASK]);
    }
}
