package io.cellchat.services.history.store.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.cellchat.platform.cassandra.CassandraTracing;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;

/**
 * Asynchronous statements with a bound on how many are in flight (docs/benchmarks/cassandra.md: 128 per
 * materializer), awaited as one phase. The first failure fails the phase; the caller retries the whole poll, which is
 * safe because every write is idempotent.
 */
final class InFlight {

    private static final Map<String, String> OPERATIONS = new ConcurrentHashMap<>();

    private final CqlSession session;
    private final Semaphore permits;
    private final CassandraTracing tracing;
    private final List<CompletableFuture<AsyncResultSet>> pending = new ArrayList<>();

    InFlight(CqlSession session, Semaphore permits, CassandraTracing tracing) {
        this.session = session;
        this.permits = permits;
        this.tracing = tracing;
    }

    /** Sends a statement; in a traced message's context, inside a client span named after it ({@link #operation}). */
    CompletableFuture<AsyncResultSet> submit(Statement<?> statement) {
        permits.acquireUninterruptibly();
        CompletableFuture<AsyncResultSet> future = tracing.executeAsync(session, statement, operation(statement))
                .toCompletableFuture()
                .whenComplete((result, error) -> permits.release());
        pending.add(future);
        return future;
    }

    /**
     * The span name of a statement: its verb and table ({@code INSERT messages}, {@code UPDATE conversations}), from
     * the prepared query's text, computed once per query.
     */
    static String operation(Statement<?> statement) {
        if (!(statement instanceof BoundStatement bound)) {
            return "CQL";
        }
        return OPERATIONS.computeIfAbsent(bound.getPreparedStatement().getQuery(), InFlight::operation);
    }

    static String operation(String query) {
        List<String> words = List.of(query.trim().split("\\s+"));
        String verb = words.getFirst().toUpperCase(Locale.ROOT);
        int table = switch (verb) {
            case "INSERT" -> 2;
            case "UPDATE" -> 1;
            default -> indexOfIgnoringCase(words, "FROM") + 1;
        };
        return table > 0 && table < words.size() ? verb + " " + words.get(table) : verb;
    }

    private static int indexOfIgnoringCase(List<String> words, String word) {
        for (int i = 0; i < words.size(); i++) {
            if (words.get(i).equalsIgnoreCase(word)) {
                return i;
            }
        }
        return -1;
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
