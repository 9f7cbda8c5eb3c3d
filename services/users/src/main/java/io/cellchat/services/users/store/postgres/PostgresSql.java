package io.cellchat.services.users.store.postgres;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.platform.postgres.PostgresFailures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * How the PostgreSQL adapters of the users service (accounts, contacts, avatars, conversation settings) talk to the
 * database: reads on the caller's thread (the ports'
 * reads are synchronous), writes as one transaction each on a small pool of threads of their own, so a caller on an
 * event loop never blocks on JDBC and a completed future means a committed transaction. A transaction that loses a
 * deadlock or a serialization conflict is retried from the start, a few times, before the future fails. Failures
 * that may pass (PostgreSQL unreachable, no connection within {@code postgres.connection-timeout}, too many writes
 * waiting) are {@code UNAVAILABLE} ({@link PostgresFailures}).
 */
public final class PostgresSql implements AutoCloseable {

    /** {@code serialization_failure} and {@code deadlock_detected}: the transaction may simply run again. */
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01");
    private static final int ATTEMPTS = 5;
    /**
     * Writes waiting per writer thread before more are refused as {@code UNAVAILABLE}: while PostgreSQL does not
     * answer, each waits up to the pool's connection timeout, so a write queued behind ten others may still run about
     * twenty seconds after its caller gave up (with the default 2 s), but not minutes.
     */
    private static final int MAX_QUEUED_PER_WRITER = 10;

    private final DataSource dataSource;
    private final String name;
    private final ExecutorService writers;

    public PostgresSql(DataSource dataSource, String name, int writers) {
        this.dataSource = requireNonNull(dataSource, "dataSource");
        this.name = name;
        if (writers < 1) {
            throw new IllegalArgumentException("writers: " + writers + " (expected: >= 1)");
        }
        int maxQueued = MAX_QUEUED_PER_WRITER * writers;
        this.writers = new ThreadPoolExecutor(writers, writers, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(maxQueued),
                Thread.ofPlatform().name(name + "-postgres-", 0).daemon(true).factory());
    }

    @FunctionalInterface
    public interface Work<T extends @Nullable Object> {
        T apply(Connection connection) throws SQLException;
    }

    /** Runs {@code query} in auto-commit on a pooled connection, on the caller's thread. */
    public <T extends @Nullable Object> T read(Work<T> query) {
        try (Connection connection = dataSource.getConnection()) {
            return query.apply(connection);
        } catch (SQLException e) {
            throw PostgresFailures.translate(name + " store read", e);
        }
    }

    /** Runs {@code work} as one transaction on a writer thread; completes after the commit. */
    public <T extends @Nullable Object> CompletableFuture<T> write(Work<T> work) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return transaction(work);
                } catch (SQLException e) {
                    throw PostgresFailures.translate(name + " store write", e);
                }
            }, writers);
        } catch (RejectedExecutionException full) {
            return CompletableFuture.failedFuture(new ChatException(ChatError.UNAVAILABLE, writers.isShutdown()
                    ? name + " store is closed" : name + " store: too many writes waiting; try again"));
        }
    }

    private <T extends @Nullable Object> T transaction(Work<T> work) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(false);
                T result;
                try {
                    result = work.apply(connection);
                    connection.commit();
                } catch (SQLException | RuntimeException e) {
                    PostgresFailures.rollback(connection, e); // the pool resets auto-commit on return
                    throw e;
                }
                return result;
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || e.getSQLState() == null || !RETRYABLE.contains(e.getSQLState())) {
                    throw e;
                }
            }
        }
    }

    /** Waits for the writes already submitted; the data source is the caller's to close. */
    @Override
    public void close() {
        writers.close();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Statement helpers
    // ------------------------------------------------------------------------------------------------------------

    /** Runs an update whose parameters are all {@code bigint}s; returns the rows changed. */
    static int update(Connection connection, String sql, long... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setLong(i + 1, values[i]);
            }
            return statement.executeUpdate();
        }
    }

    /** Whether a query whose parameters are all {@code bigint}s returns a row. */
    static boolean exists(Connection connection, String sql, long... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setLong(i + 1, values[i]);
            }
            try (ResultSet row = statement.executeQuery()) {
                return row.next();
            }
        }
    }

    static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet row, int column) throws SQLException {
        return requireNonNull(row.getObject(column, OffsetDateTime.class), "timestamp column " + column).toInstant();
    }
}
