package io.cellchat.services.history.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

/**
 * Asynchronous statements with a bound on how many are in flight (docs/benchmarks/cassandra.md: 128 per
 * materializer), awaited as one phase. The first failure fails the phase; the caller retries the whole poll, which is
 * safe because every write is idempotent.
 */
final class InFlight {

    private final CqlSession session;
    private final Semaphore permits;
    private final List<CompletableFuture<AsyncResultSet>> pending = new ArrayList<>();

    InFlight(CqlSession session, Semaphore permits) {
        this.session = session;
        this.permits = permits;
    }

    CompletableFuture<AsyncResultSet> submit(Statement<?> statement) {
        permits.acquireUninterruptibly();
        CompletableFuture<AsyncResultSet> future = session.executeAsync(statement).toCompletableFuture()
                .whenComplete((result, error) -> permits.release());
        pending.add(future);
        return future;
    }

    /** Waits for every statement submitted since the last call; throws the first failure. */
    void await() {
        try {
            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
        } finally {
            pending.clear();
        }
    }
}
