package io.cellchat.bench.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.KafkaSettings;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.jspecify.annotations.Nullable;

/**
 * A consumer on its own thread, reading every partition of the topic from its end, as a messaging server reads its
 * partitions of {@code chat.deliveries}. It parses each record (as the server must) and records, per record, the time
 * from its intended send (header {@code t}) to the {@code poll} that returned it.
 */
final class ConsumerRun implements AutoCloseable {

    private final Histogram endToEnd = new Histogram(3);
    private final AtomicLong measured = new AtomicLong();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread thread;
    private volatile long measureFromNanos = Long.MAX_VALUE;
    private volatile boolean running = true;
    private volatile @Nullable Throwable failure;

    private ConsumerRun(KafkaSettings settings, String topic, int partitions, Workload.Topic kind,
            ConsumerSettings consumer) {
        thread = Thread.ofPlatform().name("bench-consumer").start(() -> {
            try (KafkaConsumer<byte[], byte[]> c = KafkaClients.consumer(settings, "bench-" + topic,
                    consumer.overrides())) {
                List<TopicPartition> assigned = IntStream.range(0, partitions)
                        .mapToObj(p -> new TopicPartition(topic, p)).toList();
                c.assign(assigned);
                c.seekToEnd(assigned);
                assigned.forEach(c::position);
                ready.countDown();
                while (running) {
                    ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(100));
                    long now = System.nanoTime();
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        parse(kind, record.value());
                        Header sent = record.headers().lastHeader(ProducerRun.SENT_HEADER);
                        long sentNanos = sent == null ? Long.MIN_VALUE : ByteBuffer.wrap(sent.value()).getLong();
                        if (sentNanos >= measureFromNanos) {
                            endToEnd.recordValue(Math.max(0, now - sentNanos));
                            measured.incrementAndGet();
                        }
                    }
                }
            } catch (Throwable e) {
                failure = e;
                ready.countDown();
            }
        });
    }

    /** Starts the consumer and waits until it is positioned at the end of every partition. */
    static ConsumerRun start(KafkaSettings settings, String topic, int partitions, Workload.Topic kind,
            ConsumerSettings consumer) throws InterruptedException {
        ConsumerRun run = new ConsumerRun(settings, topic, partitions, kind, consumer);
        if (!run.ready.await(60, TimeUnit.SECONDS) || run.failure != null) {
            run.close();
            throw new IllegalStateException("consumer of " + topic + " did not start", run.failure);
        }
        return run;
    }

    /** Records sent at or after {@code nanos} count; earlier ones are the warm-up. */
    void measureFrom(long nanos) {
        measureFromNanos = nanos;
    }

    /** Waits until {@code expected} measured records arrived (or {@code timeout}); stops; returns their latencies. */
    Histogram await(long expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (measured.get() < expected && System.nanoTime() < deadline && failure == null) {
            Thread.sleep(10);
        }
        close();
        if (failure != null) {
            throw new IllegalStateException("consumer failed", failure);
        }
        return endToEnd;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join();
    }

    private static void parse(Workload.Topic kind, byte[] value) throws InvalidProtocolBufferException {
        switch (kind) {
            case COMMANDS -> ClientFrame.parseFrom(value);
            case DELIVERIES -> ServerFrame.parseFrom(value);
        }
    }
}
