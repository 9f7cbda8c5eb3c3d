package io.cellchat.platform.rocksdb;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.platform.observability.CommitFailures;
import io.cellchat.platform.observability.StoreMetrics;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatchWithIndex;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.jspecify.annotations.Nullable;

/**
 * The single writer of a {@link RocksStore}, committing many units of work per fsynced write (group commit).
 *
 * <p>A thread takes every unit waiting (up to {@code maxBatch}), runs each against one indexed write batch (a
 * savepoint per unit, so a unit that throws leaves nothing of itself), writes the batch with {@code sync=true} (one
 * append to the write-ahead log and one {@code fdatasync}), and only then hands the results to a publisher thread
 * that runs each unit's after-commit action and completes its future, in commit order, while the writer already
 * builds the next batch. So:
 * <ul>
 *   <li>one fsync covers the whole batch: throughput grows with load instead of being one fsync per message;</li>
 *   <li>a future completes only after its unit is durable, and nothing of a batch is visible to readers before it
 *       is durable (RocksDB publishes a write to readers after its WAL sync);</li>
 *   <li>units run in submission order and see the writes of the units before them.</li>
 * </ul>
 * While units keep coming (the last batch held more than one), the writer lingers: once it has the next unit, it
 * waits {@code commitLinger} for more before it builds the batch, as MySQL waits
 * {@code binlog_group_commit_sync_delay} before it syncs its binary log. Each commit has a cost of its own (waking
 * the writer and the publisher, the log write and its {@code fdatasync}, the kernel's block I/O, which on a virtual
 * disk is an exit to the hypervisor), so fewer, larger batches cost less CPU per unit, for up to the linger of
 * added latency. A lone unit (the batch before held one, or none came for 100 ms) is written at once, and so is a
 * batch worth committing ({@link #LINGER_ENOUGH} units waiting, or a full one): a writer that is behind never
 * lingers.
 *
 * <p>The queue is bounded: when {@code maxQueued} units wait, submissions fail at once with
 * {@code UNAVAILABLE} (a {@link ChatException} the one error mapping turns into a retryable answer) instead of growing
 * memory and latency without bound; so do submissions to a stopped writer and the units of a batch that could not be
 * committed.
 */
public final class GroupCommitWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    /** Units waiting that make a batch worth committing without lingering for more. */
    static final int LINGER_ENOUGH = 64;

    /** A unit of work against the batch; throwing refuses it (its writes are rolled back). */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Batch batch);
    }

    private record Unit<T>(Work<T> work, Consumer<? super T> afterCommit, CompletableFuture<T> future,
            Context context) {}

    private final RocksDB db;
    private final int maxBatch;
    private final long lingerNanos;
    private final int nice;
    private final BlockingQueue<Unit<?>> queue;
    private final Runnable onFailedCommit;
    private final Thread thread;
    private final ExecutorService publisher;
    private final StoreMetrics metrics;
    private final CommitFailures failures;
    private volatile boolean running = true;
    /** Times the writer has lingered; written by the writer thread only. */
    private long lingers;

    GroupCommitWriter(RocksDB db, int maxBatch, int maxQueued, Duration commitLinger, int nice,
            Runnable onFailedCommit, StoreMetrics metrics) {
        this.db = db;
        this.maxBatch = maxBatch;
        this.lingerNanos = commitLinger.toNanos();
        this.nice = nice;
        this.queue = new ArrayBlockingQueue<>(maxQueued);
        this.onFailedCommit = onFailedCommit;
        this.metrics = metrics;
        this.failures = new CommitFailures(log, metrics);
        metrics.queued(queue::size);
        this.publisher = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("store-publisher").factory());
        publisher.execute(() -> raisePriority("publisher"));
        this.thread = Thread.ofPlatform().name("store-writer").daemon(false).start(this::loop);
    }

    /**
     * Queues a unit of work.
     *
     * @param afterCommit runs on the publisher thread after the commit, in commit order, before the future completes
     * @return completes with the unit's result once durable, or exceptionally with what it threw
     */
    public <T extends @Nullable Object> CompletableFuture<T> submit(Work<T> work, Consumer<? super T> afterCommit) {
        CompletableFuture<T> future = new CompletableFuture<>();
        if (!running) {
            future.completeExceptionally(unavailable("the store writer is stopped"));
        } else if (!queue.offer(new Unit<>(work, afterCommit, future, Context.current()))) {
            future.completeExceptionally(unavailable(
                    "the store writer has " + queue.size() + " units waiting (store.max-queued); try again"));
        } else if (lingerNanos > 0 && enough()) {
            LockSupport.unpark(thread); // a batch worth committing waits for no more
        }
        return future;
    }

    public boolean isRunning() {
        return running && thread.isAlive();
    }

    /**
     * Whether the last batch the writer tried to commit failed. RocksDB refuses every write after a failed log
     * append until the store is reopened, or until it recovers by itself where it can (a full disk that has room
     * again), which this does not observe: the next commit that succeeds clears it.
     */
    public boolean isFailing() {
        return failures.isFailing();
    }

    /** How many times the writer has waited for more units before a batch (tests). */
    long lingers() {
        return lingers;
    }

    /** Units waiting to be written. */
    public int queued() {
        return queue.size();
    }

    private void loop() {
        raisePriority("writer");
        List<Unit<?>> units = new ArrayList<>(maxBatch);
        try (WriteBatchWithIndex batch = new WriteBatchWithIndex(true);
                WriteOptions sync = new WriteOptions().setSync(true)) {
            BatchReads view = new BatchReads(db, batch);
            boolean busy = false;
            while (running || !queue.isEmpty()) {
                try {
                    Unit<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        busy = false;
                        continue;
                    }
                    if (busy && lingerNanos > 0) {
                        linger();
                    }
                    units.add(first);
                    queue.drainTo(units, maxBatch - 1);
                    busy = units.size() > 1;
                    writeBatch(units, batch, view, sync);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (RuntimeException e) {
                    log.error("store writer failed on a batch of {}", units.size(), e);
                    units.forEach(unit -> unit.future().completeExceptionally(e));
                    onFailedCommit.run();
                } finally {
                    units.clear();
                    batch.clear();
                }
            }
            view.close();
        }
    }

    /**
     * Sets the calling thread's nice to {@code store.writer-nice}, the writer's and the publisher's: every message
     * passes through both, one after the other, and each needs a large share of a core at high rates.
     */
    private void raisePriority(String role) {
        if (nice == 0) {
            return;
        }
        // Refused where the process may not raise priorities (no CAP_SYS_NICE): expected, so not a warning.
        ThreadNice.set(nice).ifPresentOrElse(
                problem -> log.info("the store {} keeps its CPU priority instead of nice {}: {};"
                        + " store.writer-nice=0 does not try", role, nice, problem),
                () -> log.info("the store {} runs at nice {} (store.writer-nice)", role, nice));
    }

    /**
     * Waits out the linger (a park may return early), unless the writer is stopping or a batch worth committing
     * waits ({@link #enough}); counts only the waits it begins.
     */
    private void linger() {
        if (enough()) {
            return;
        }
        lingers++;
        long end = System.nanoTime() + lingerNanos;
        for (long left = lingerNanos; left > 0 && running && !enough(); left = end - System.nanoTime()) {
            LockSupport.parkNanos(this, left);
        }
    }

    /**
     * Whether the units queued, with the one the writer holds, make a batch worth committing now: {@link
     * #LINGER_ENOUGH} of them, or a full batch if that is smaller. A writer that is behind finds that many waiting and
     * commits at once, as without linger; lingering until a full batch instead made a server that lingers fall behind
     * at a rate it carries without (docs/benchmarks.md, ninth round).
     */
    private boolean enough() {
        return queue.size() >= Math.min(maxBatch, LINGER_ENOUGH) - 1;
    }

    private void writeBatch(List<Unit<?>> units, WriteBatchWithIndex batch, BatchReads view, WriteOptions sync) {
        long started = System.nanoTime();
        Object[] results = new Object[units.size()];
        Throwable[] errors = new Throwable[units.size()];
        for (int i = 0; i < units.size(); i++) {
            batch.setSavePoint();
            try {
                results[i] = units.get(i).work().apply(view);
                batch.popSavePoint();
            } catch (RuntimeException e) {
                errors[i] = e;
                rollback(batch);
            } catch (RocksDBException e) {
                throw new StoreException("savepoint failed: " + e.getMessage(), e);
            }
        }
        if (batch.count() > 0) {
            try {
                db.write(sync, batch);
                failures.committed();
            } catch (RocksDBException e) {
                failures.failed(units.size(), e);
                onFailedCommit.run();
                // The cause (file names, errno) is for the server's log, not for the clients.
                ChatException failure = unavailable(CommitFailures.CLIENT_MESSAGE);
                units.forEach(unit -> unit.future().completeExceptionally(failure));
                return;
            }
        }
        metrics.committed(System.nanoTime() - started, units.size());
        List<Unit<?>> committed = List.copyOf(units);
        publisher.execute(() -> {
            for (int i = 0; i < committed.size(); i++) {
                finish(committed.get(i), results[i], errors[i]);
            }
        });
    }

    private static void rollback(WriteBatchWithIndex batch) {
        try {
            batch.rollbackToSavePoint();
        } catch (RocksDBException e) {
            throw new StoreException("rollback to savepoint failed: " + e.getMessage(), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> void finish(Unit<T> unit, Object result, Throwable error) {
        // In the submitter's tracing context: the deliveries a command publishes belong to its trace.
        try (Scope scope = unit.context().makeCurrent()) {
            if (error != null) {
                unit.future().completeExceptionally(error);
                return;
            }
            T value = (T) result;
            try {
                unit.afterCommit().accept(value);
            } catch (RuntimeException e) {
                log.error("after-commit action failed; the write itself is durable", e);
            }
            unit.future().complete(value);
        }
    }

    /** Stops taking work, writes what is queued, and completes it. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(30_000);
            publisher.shutdown();
            publisher.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The writer cannot take or commit work now; retrying later may succeed. */
    private static ChatException unavailable(String message) {
        return new ChatException(ChatError.UNAVAILABLE, message);
    }
}
