package io.cellchat.platform.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.platform.observability.StoreMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.flywaydb.core.Flyway;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQLite database file: WAL journal, {@code synchronous=FULL} (a committed transaction survives {@code kill -9}
 * and power loss), a pool of connections for reads, and one {@link GroupCommitWriter} that owns the only write
 * connection. WAL lets readers run while the writer commits; a single writer matches SQLite's own lock and lets
 * one fsync cover many commands.
 *
 * <p>Schemas belong to the services that use them: each migrates its own set with {@link #migrate}, tracked in a
 * history table of its own, so services never share migration files.
 */
public final class SqliteDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SqliteDatabase.class);
    private static final int WAL_CHECKPOINT_PAGES = 20_000;

    private final SqliteSettings settings;
    private final SQLiteDataSource source;
    private final HikariDataSource readers;
    /** The compiled statements of each pooled connection, by its driver connection. */
    private final Map<Connection, StatementCache> readerStatements = new ConcurrentHashMap<>();
    private final GroupCommitWriter writer;

    private SqliteDatabase(SqliteSettings settings, SQLiteDataSource source, HikariDataSource readers,
            GroupCommitWriter writer) {
        this.settings = settings;
        this.source = source;
        this.readers = readers;
        this.writer = writer;
    }

    /** Opens (creating if needed) the database file and starts its writer. */
    public static SqliteDatabase open(SqliteSettings settings, MeterRegistry metrics) {
        try {
            Files.createDirectories(settings.file().toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the folder of " + settings.file(), e);
        }
        SQLiteDataSource source = dataSource(settings);
        HikariConfig pool = new HikariConfig();
        pool.setDataSource(dataSource(settings));
        pool.setMaximumPoolSize(settings.readers());
        // A fixed pool whose connections live as long as the database: each keeps its compiled statements
        // (StatementCache), which a retired connection would take with it.
        pool.setMinimumIdle(settings.readers());
        pool.setMaxLifetime(0);
        pool.setIdleTimeout(0);
        pool.setPoolName("sqlite-readers");
        pool.setAutoCommit(true);
        pool.setMetricsTrackerFactory(new com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory(metrics));
        HikariDataSource readers = new HikariDataSource(pool);
        try {
            String store = settings.file().getFileName().toString().replaceFirst("\\.db$", "");
            GroupCommitWriter writer = new GroupCommitWriter(() -> writeConnection(source), settings.maxBatch(),
                    settings.maxQueued(), StoreMetrics.of(metrics, store, "sqlite"));
            return new SqliteDatabase(settings, source, readers, writer);
        } catch (SQLException e) {
            readers.close();
            throw new IllegalStateException("cannot open " + settings.file() + ": " + e.getMessage(), e);
        }
    }

    /** The writer's connection: auto-commit off, so its statements run in the transactions it commits. */
    static Connection writeConnection(SQLiteDataSource source) throws SQLException {
        Connection connection = source.getConnection();
        try {
            connection.setAutoCommit(false);
            return connection;
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    static SQLiteDataSource dataSource(SqliteSettings settings) {
        SQLiteConfig config = new SQLiteConfig();
        // The writer is the only connection that writes after start-up (migrations run before traffic), so its
        // deferred transactions never find their snapshot overtaken by another writer.
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout((int) settings.busyTimeout().toMillis());
        config.enforceForeignKeys(true);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // 64 MiB of page cache per connection (the default is 2 MiB): the writer's indexes stay in memory.
        config.setCacheSize(-64 * 1024);
        // Checkpoint the WAL every 20,000 pages (about 80 MiB) instead of 1,000: a page written by many batches
        // is copied back to the database once, not once per batch. Measured in docs/benchmarks.md: 40% fewer bytes
        // written and about 25% more messages per second when most messages start a new conversation.
        config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, Integer.toString(WAL_CHECKPOINT_PAGES));
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + settings.file().toAbsolutePath());
        return source;
    }

    /**
     * Applies one service's migrations from the classpath folder {@code db/<name>} (files {@code V1__....sql}),
     * tracked in the table {@code schema_history_<name>}.
     *
     * @return how many migrations ran
     */
    public int migrate(String name) {
        return Flyway.configure()
                .dataSource(source)
                .locations("classpath:db/" + name)
                .table("schema_history_" + name)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate()
                .migrationsExecuted;
    }

    /**
     * Runs a read on a pooled connection (which it must not write on: writes go through the writer), in one read
     * transaction: every statement of it sees the same snapshot of the WAL, whatever the writer commits meanwhile.
     */
    public <T extends @Nullable Object> T read(SqlFunction<T> query) {
        try (Connection connection = readers.getConnection()) {
            StatementCache statements = statements(connection.unwrap(SQLiteConnection.class));
            connection.setAutoCommit(false);
            T result;
            try {
                result = query.apply(statements.connection());
            } catch (SQLException | RuntimeException e) {
                endRead(connection, e);
                throw e;
            }
            endRead(connection, null);
            return result;
        } catch (SQLException e) {
            if (isTransient(e)) {
                // The database cannot be read now (locked past the busy timeout, an I/O error, no free reader
                // within the pool's timeout): the same request may succeed later. The cause is for this log only.
                log.warn("read failed on {}: {}", settings.file(), e.getMessage());
                throw new ChatException(ChatError.UNAVAILABLE, "the database cannot be read now; try again later");
            }
            throw new IllegalStateException("read failed on " + settings.file() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Ends a read transaction. After an I/O error SQLite may have ended it itself, and a driver whose rollback failed
     * starts no new one: such a connection leaves the pool, and the read's own failure, if any, is what is thrown.
     */
    private void endRead(Connection connection, @Nullable Throwable failure) throws SQLException {
        try {
            connection.rollback();
        } catch (SQLException e) {
            readers.evictConnection(connection);
            if (failure == null) {
                throw e;
            }
            failure.addSuppressed(e);
        }
    }

    /**
     * Whether a failed statement may succeed unchanged later: SQLite's busy, out of memory, I/O error, disk full
     * and WAL lock protocol results, or a connection the pool could not hand out in time. Anything else (a syntax
     * error, a constraint, a database that cannot be opened) is a bug or needs an operator.
     */
    static boolean isTransient(SQLException e) {
        if (e instanceof SQLTransientException) {
            return true;
        }
        if (e instanceof SQLiteException sqlite) {
            int primary = sqlite.getResultCode().code & 0xFF;
            return primary == SQLiteErrorCode.SQLITE_BUSY.code || primary == SQLiteErrorCode.SQLITE_NOMEM.code
                    || primary == SQLiteErrorCode.SQLITE_IOERR.code || primary == SQLiteErrorCode.SQLITE_FULL.code
                    || primary == SQLiteErrorCode.SQLITE_PROTOCOL.code;
        }
        return false;
    }

    private StatementCache statements(SQLiteConnection connection) {
        StatementCache cached = readerStatements.get(connection);
        if (cached == null) {
            // A new connection (the pool replaced a broken one): forget the caches of closed ones.
            readerStatements.values().removeIf(StatementCache::isClosed);
            cached = readerStatements.computeIfAbsent(connection, StatementCache::new);
        }
        return cached;
    }

    /** Write transactions committed since the database was opened: see {@link GroupCommitWriter#commits()}. */
    public long commits() {
        return writer.commits();
    }

    public GroupCommitWriter writer() {
        return writer;
    }

    /**
     * Whether the database answers a trivial query and its writer runs and did not fail its last commit; for
     * readiness checks.
     */
    public boolean isHealthy() {
        try (Connection connection = readers.getConnection(); Statement statement = connection.createStatement()) {
            return statement.executeQuery("SELECT 1").next() && writer.isRunning() && !writer.isFailing();
        } catch (SQLException e) {
            return false;
        }
    }

    /** Stops the writer after the queued writes, then closes every connection. */
    @Override
    public void close() {
        writer.close();
        readers.close();
    }

    /** A JDBC call that returns a value. */
    @FunctionalInterface
    public interface SqlFunction<T extends @Nullable Object> {
        T apply(Connection connection) throws SQLException;
    }
}
