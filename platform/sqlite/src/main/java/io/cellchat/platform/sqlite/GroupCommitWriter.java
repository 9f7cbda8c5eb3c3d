package io.cellchat.platform.sqlite;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.platform.observability.CommitFailures;
import io.cellchat.platform.observability.StoreMetrics;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer of a SQLite database, committing many units of work per transaction (group commit).
 *
 * <p>A thread takes every unit waiting (up to {@code maxBatch}), runs them on the one write connection, commits
 * once, and only then runs each unit's after-commit action and completes its future. So:
 * <ul>
 *   <li>one fsync covers the whole batch: throughput grows with load instead of being one fsync per message;</li>
 *   <li>a unit that throws fails alone and nothing of it is stored: the batch is rolled back and run again with a
 *       savepoint per unit (units must therefore be safe to run twice);</li>
 *   <li>a future completes only after its unit is durable, and after-commit actions (publishing events) run in
 *       commit order on one publisher thread, which keeps a conversation's deliveries in sequence order while the
 *       writer already runs the next batch;</li>
 *   <li>units run in submission order and see the writes of the units before them.</li>
 * </ul>
 * The queue is bounded: when {@code maxQueued} units wait, submissions fail at once with
 * {@code UNAVAILABLE} (a {@link ChatException} the one error mapping turns into a retryable answer) instead of growing
 * memory and latency without bound; so do submissions to a stopped writer and the units of a batch that could not be
 * committed.
 *
 * <p>A unit's after-commit action and completion run in the tracing context of whoever submitted it, so the
 * deliveries a command publishes belong to the command's trace though another thread publishes them. The writer
 * reports to {@link StoreMetrics} (commit time, batch size, failures, queue length).
 */
public final class GroupCommitWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);

    /**
     * A unit of work on the write connection; throwing refuses it (its changes are rolled back). It may run twice
     * (see {@link #runOptimistically}), so it must have no effect outside the database.
     */
    @FunctionalInterface
    public interface Work<T extends @Nullable Object> {
        T apply(Connection connection) throws SQLException;
    }

    /** Opens the write connection, auto-commit off; again after a transaction the driver lost track of. */
    @FunctionalInterface
    interface WriteConnections {
        Connection open() throws SQLException;
    }

    private record Unit<T extends @Nullable Object>(Work<T> work, Consumer<? super T> afterCommit,
            CompletableFuture<T> future, Context context) {}

    private final WriteConnections connections;
    // Replaced only by the writer thread (reconnect), which alone uses them after the constructor.
    private Connection connection;
    private StatementCache statements;
    private final int maxBatch;
    private final BlockingQueue<Unit<?>> queue;
    private final Thread thread;
    /** Runs after-commit actions and completions, in commit order, while the writer starts the next batch. */
    private final ExecutorService publisher;
    private final StoreMetrics metrics;
    private final CommitFailures failures;
    private final AtomicLong commits = new AtomicLong();
    private volatile boolean running = true;

    GroupCommitWriter(WriteConnections connections, int maxBatch, int maxQueued, StoreMetrics metrics)
            throws SQLException {
        this.connections = connections;
        this.connection = connections.open();
        this.statements = new StatementCache(connection);
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(maxQueued);
        this.metrics = metrics;
        this.failures = new CommitFailures(log, metrics);
        metrics.queued(queue::size);
        this.publisher = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("sqlite-publisher").factory());
        this.thread = Thread.ofPlatform().name("sqlite-writer").daemon(false).start(this::loop);
    }

    /**
     * Queues a unit of work.
     *
     * @param afterCommit runs on the publisher thread after the commit, in commit order, before the future completes
     * @return completes with the unit's result once committed, or exceptionally with what it threw
     */
    public <T extends @Nullable Object> CompletableFuture<T> submit(Work<T> work, Consumer<? super T> afterCommit) {
        CompletableFuture<T> future = new CompletableFuture<>();
        if (!running) {
            future.completeExceptionally(unavailable("the database writer is stopped"));
        } else if (!queue.offer(new Unit<>(work, afterCommit, future, Context.current()))) {
            future.completeExceptionally(unavailable(
                    "the database writer has " + queue.size() + " units waiting (sqlite.max-queued); try again"));
        }
        return future;
    }

    public boolean isRunning() {
        return running && thread.isAlive();
    }

    /**
     * Whether the last batch the writer tried to commit failed (a full disk, a file that may not grow, an I/O error):
     * the next commit that succeeds clears it.
     */
    public boolean isFailing() {
        return failures.isFailing();
    }

    /**
     * Transactions committed so far. It moves after each commit and before any of its units completes, so a read that
     * began after it showed {@code n} sees at least the first {@code n} commits: readers tag what they cache with it
     * and drop the entry once it moves.
     */
    public long commits() {
        return commits.get();
    }

    /** Units waiting to be written. */
    public int queued() {
        return queue.size();
    }

    private void loop() {
        List<Unit<?>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Unit<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                writeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                log.error("database writer failed on a batch of {}", batch.size(), e);
                batch.forEach(unit -> unit.future().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
        closeConnection();
    }

    private void writeBatch(List<Unit<?>> batch) {
        long started = System.nanoTime();
        @Nullable Object[] results = new Object[batch.size()];
        @Nullable Throwable[] errors = new Throwable[batch.size()];
        try {
            if (!runOptimistically(batch, results)) {
                runWithSavepoints(batch, results, errors);
            }
            connection.commit();
            failures.committed();
        } catch (SQLException e) {
            failBatch(batch, e);
            return;
        }
        metrics.committed(System.nanoTime() - started, batch.size());
        commits.incrementAndGet(); // before any unit of the batch completes
        List<Unit<?>> committed = List.copyOf(batch);
        publisher.execute(() -> {
            for (int i = 0; i < committed.size(); i++) {
                finish(committed.get(i), results[i], errors[i]);
            }
        });
    }

    /**
     * The common case: every unit succeeds, so none needs a savepoint (each costs two statements). If one throws,
     * the whole transaction is rolled back and the batch is run again with a savepoint per unit. So units must be
     * safe to run twice: they only touch the database (and mint IDs), their effects outside it wait for the commit.
     */
    private boolean runOptimistically(List<Unit<?>> batch, @Nullable Object[] results) {
        for (int i = 0; i < batch.size(); i++) {
            try {
                results[i] = batch.get(i).work().apply(statements.connection());
            } catch (SQLException | RuntimeException e) {
                rollbackAll();
                return false;
            }
        }
        return true;
    }

    /**
     * Runs each unit inside a savepoint, so a unit that throws is rolled back alone. A savepoint that cannot be set or
     * rolled back means the transaction itself is gone (SQLite ends it on an I/O error): the units after it would
     * each commit on their own, so the whole batch fails instead.
     */
    private void runWithSavepoints(List<Unit<?>> batch, @Nullable Object[] results, @Nullable Throwable[] errors)
            throws SQLException {
        for (int i = 0; i < batch.size(); i++) {
            Savepoint savepoint = connection.setSavepoint();
            try {
                results[i] = batch.get(i).work().apply(statements.connection());
                connection.releaseSavepoint(savepoint);
            } catch (SQLException | RuntimeException e) {
                errors[i] = e;
                results[i] = null;
                connection.rollback(savepoint);
                connection.releaseSavepoint(savepoint);
            }
        }
    }

    /** Fails every unit of a batch that could not be committed; nothing of it is stored. */
    private void failBatch(List<Unit<?>> batch, SQLException cause) {
        failures.failed(batch.size(), cause);
        rollbackAll();
        // The cause (SQLite's result code and text) is for the server's log, not for the clients.
        ChatException failure = unavailable(CommitFailures.CLIENT_MESSAGE);
        batch.forEach(unit -> unit.future().completeExceptionally(failure));
    }

    private static <T extends @Nullable Object> void finish(Unit<T> unit, @Nullable Object result,
            @Nullable Throwable error) {
        try (Scope scope = unit.context().makeCurrent()) {
            if (error != null) {
                unit.future().completeExceptionally(error);
                return;
            }
            @SuppressWarnings("unchecked") // the unit's own work produced it
            T value = (T) result;
            try {
                unit.afterCommit().accept(value);
            } catch (RuntimeException e) {
                log.error("after-commit action failed; the write itself is durable", e);
            }
            unit.future().complete(value);
        }
    }

    /**
     * Rolls the open transaction back, and with it every unit of the batch so far. When SQLite has already ended it
     * (it does on an I/O error during a commit), the driver's rollback fails and then starts no new transaction, so
     * every later commit fails ("no transaction is active") however healthy the disk is again (GroupCommitWriterTest).
     * So a failed rollback replaces the connection, which starts clean.
     */
    private void rollbackAll() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            log.warn("rollback failed ({}); opening a new write connection", e.getMessage());
            reconnect();
        }
    }

    private void reconnect() {
        closeConnection();
        try {
            connection = connections.open();
        } catch (SQLException e) {
            // The closed connection stays: the next batch's first run fails on it, and the rollback after that
            // opens again (and the batch runs again on the new connection).
            log.warn("cannot open a new write connection: {}", e.toString());
            return;
        }
        statements = new StatementCache(connection);
    }

    private void closeConnection() {
        try {
            statements.close();
        } catch (SQLException e) {
            log.warn("closing the write connection's statements: {}", e.toString());
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.warn("closing the write connection: {}", e.toString());
        }
    }

    /** Stops taking work, writes what is queued, completes it, and closes the write connection. */
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
