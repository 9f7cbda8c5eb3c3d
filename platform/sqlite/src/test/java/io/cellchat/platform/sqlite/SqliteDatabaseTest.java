package io.cellchat.platform.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Reads of the SQLite database on a real file in a temporary folder. */
class SqliteDatabaseTest {

    @TempDir
    Path folder;

    /**
     * A read whose statement fails in a way that may pass (here the driver's "database is locked", as another
     * process holding the file past the busy timeout gives) is refused as the retryable {@code UNAVAILABLE}; one
     * that fails for a fault of its own stays an internal error; the pool's connection is fine for the next read.
     */
    @Test
    void should_refuse_a_read_that_may_succeed_later_as_unavailable_and_keep_faults_internal() {
        Path file = folder.resolve("reads.db");
        try (SqliteDatabase database = SqliteDatabase.open(
                new SqliteSettings(file, 1, 16, 16, Duration.ofMillis(200)), new SimpleMeterRegistry())) {
            database.writer().submit(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate("CREATE TABLE notes (text TEXT)");
                    statement.executeUpdate("INSERT INTO notes VALUES ('kept')");
                }
                return null;
            }, ignored -> { }).join();

            assertThatThrownBy(() -> database.read(connection -> {
                throw new SQLiteException("[SQLITE_BUSY] The database file is locked (database is locked)",
                        SQLiteErrorCode.SQLITE_BUSY);
            })).isInstanceOfSatisfying(ChatException.class, e -> {
                assertThat(e.error()).isEqualTo(ChatError.UNAVAILABLE);
                assertThat(e).hasMessage("the database cannot be read now; try again later");
            });
            assertThatThrownBy(() -> database.read(connection -> {
                try (Statement statement = connection.createStatement()) {
                    return statement.executeQuery("SELECT text FROM missing_table").next();
                }
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("no such table: missing_table");
            assertThat(database.read(SqliteDatabaseTest::note)).isEqualTo("kept");
        }
    }

    @Test
    void should_tell_failures_that_may_pass_from_faults_in_the_statement() {
        assertThat(SqliteDatabase.isTransient(new SQLiteException("database is locked", SQLiteErrorCode.SQLITE_BUSY)))
                .isTrue();
        assertThat(SqliteDatabase.isTransient(new SQLiteException("disk I/O error",
                SQLiteErrorCode.SQLITE_IOERR_WRITE))).isTrue();
        assertThat(SqliteDatabase.isTransient(new SQLiteException("database or disk is full",
                SQLiteErrorCode.SQLITE_FULL))).isTrue();
        assertThat(SqliteDatabase.isTransient(new SQLTransientConnectionException("sqlite-readers - Connection is not"
                + " available, request timed out after 30000ms"))).isTrue();
        assertThat(SqliteDatabase.isTransient(new SQLiteException("no such table: nothing",
                SQLiteErrorCode.SQLITE_ERROR))).isFalse();
        assertThat(SqliteDatabase.isTransient(new SQLiteException("UNIQUE constraint failed: users.username",
                SQLiteErrorCode.SQLITE_CONSTRAINT_UNIQUE))).isFalse();
    }

    private static String note(Connection connection) throws java.sql.SQLException {
        try (Statement statement = connection.createStatement();
                var rows = statement.executeQuery("SELECT text FROM notes")) {
            return rows.next() ? rows.getString(1) : "";
        }
    }
}
