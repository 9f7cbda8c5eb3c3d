package io.cellchat.bench.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.cellchat.bench.cassandra.Workload.Event;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Writes a workload the way the materializer consumes {@code chat.events}: poll by poll, each poll's requests issued
 * asynchronously with at most {@link Strategy#concurrency()} in flight (a semaphore), and the next poll only after
 * every request of this one has answered (the point where the materializer would commit its offsets). Runs at
 * saturation: there is no pacing, so events/s is the most the node takes in this configuration.
 */
final class PollWriter implements AutoCloseable {

    private static final long MAX_LATENCY_MICROS = 120_000_000L;

    private final CqlSession session;
    private final HistoryRows rows;
    private final int maxBatchRows;
    private final CpuSampler cpu;
    private final ScheduledExecutorService progressPrinter = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "cassandra-bench-progress");
        thread.setDaemon(true);
        return thread;
    });

    PollWriter(CqlSession session, HistoryRows rows, int maxBatchRows, CpuSampler cpu) {
        this.session = session;
        this.rows = rows;
        this.maxBatchRows = maxBatchRows;
        this.cpu = cpu;
    }

    /** Writes {@code workload} with {@code strategy}, printing progress every 2 s when {@code label} is set. */
    Measurement run(Strategy strategy, Workload workload, int round, @Nullable String label)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(strategy.concurrency());
        Histogram writeLatency = new ConcurrentHistogram(MAX_LATENCY_MICROS, 3);
        Histogram pollLatency = new Histogram(MAX_LATENCY_MICROS, 3);
        AtomicLong errors = new AtomicLong();
        AtomicReference<@Nullable String> firstError = new AtomicReference<>();
        AtomicLong warnings = new AtomicLong();
        AtomicReference<@Nullable String> firstWarning = new AtomicReference<>();
        AtomicLong eventsDone = new AtomicLong();
        long requests = 0;
        long rowsWritten = 0;
        long total = workload.polls().stream().mapToLong(List::size).sum();

        CpuSampler.Sample before = cpu.sample();
        long start = System.nanoTime();
        var progress = label == null ? null : progressPrinter.scheduleAtFixedRate(() -> {
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "  %s: %,d/%,d events, %,.0f events/s, %d errors%n",
                    label, eventsDone.get(), total, eventsDone.get() / elapsed, errors.get());
        }, 2, 2, TimeUnit.SECONDS);
        try {
            for (List<Event> poll : workload.polls()) {
                long pollStart = System.nanoTime();
                List<Strategy.Write> writes = strategy.plan(poll, rows, maxBatchRows);
                CountDownLatch answered = new CountDownLatch(writes.size());
                for (Strategy.Write write : writes) {
                    inFlight.acquire();
                    long issued = System.nanoTime();
                    session.executeAsync(write.statement()).whenComplete((result, error) -> {
                        writeLatency.recordValue(Math.min(MAX_LATENCY_MICROS, (System.nanoTime() - issued) / 1000));
                        if (error != null) {
                            errors.incrementAndGet();
                            firstError.compareAndSet(null, error.toString());
                        } else if (!result.getExecutionInfo().getWarnings().isEmpty()) {
                            warnings.incrementAndGet();
                            firstWarning.compareAndSet(null, result.getExecutionInfo().getWarnings().getFirst());
                        }
                        inFlight.release();
                        answered.countDown();
                    });
                    requests++;
                    rowsWritten += write.rows();
                }
                answered.await();
                pollLatency.recordValue(Math.min(MAX_LATENCY_MICROS, (System.nanoTime() - pollStart) / 1000));
                eventsDone.addAndGet(poll.size());
            }
        } finally {
            if (progress != null) {
                progress.cancel(false);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuSampler.Sample after = cpu.sample();
        return new Measurement(strategy.name(), round, total, workload.polls().size(), requests, rowsWritten, seconds,
                errors.get(), firstError.get(), warnings.get(), firstWarning.get(), writeLatency, pollLatency,
                CpuSampler.cores(before, after), Map.of());
    }

    @Override
    public void close() {
        progressPrinter.shutdownNow();
    }
}
