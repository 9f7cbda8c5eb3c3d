package io.cellchat.platform.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.platform.observability.CommitFailures;
import io.cellchat.platform.observability.StoreMetrics;
import io.cellchat.testing.files.FileSizeLimit;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

/** The SQLite writer on a real database file in a temporary folder. */
class GroupCommitWriterTest {

    @TempDir
    Path folder;

    /**
     * A commit that really fails: the write-ahead log may not grow (as when the file system will not let it), so
     * SQLite refuses the commit. The writer fails the batch's units with a message that names no file, stores
     * nothing of them and reports the database unhealthy until a commit succeeds again.
     */
    @Test
    void should_refuse_a_batch_whose_commit_fails_store_none_of_it_and_recover_once_the_log_may_grow()
            throws Exception {
        Path file = folder.resolve("failing.db");
        try (SqliteDatabase database = open(file)) {
            GroupCommitWriter writer = database.writer();
            writer.submit(connection -> execute(connection, "CREATE TABLE notes (text TEXT NOT NULL)"), done -> { })
                    .get(10, TimeUnit.SECONDS);
            insert(writer, "accepted").get(10, TimeUnit.SECONDS);
            assertThat(database.isHealthy()).isTrue();

            CompletableFuture<Integer> failed;
            try (FileSizeLimit ignored = FileSizeLimit.lower(Files.size(wal(file)))) {
                failed = insert(writer, "lost");
                failed.handle((rows, error) -> null).get(10, TimeUnit.SECONDS); // its commit has run
                assertThat(writer.isFailing()).isTrue();
                assertThat(database.isHealthy()).as("reports itself unhealthy").isFalse();
                assertThat(insert(writer, "refused too")).failsWithin(Duration.ofSeconds(10));
            }
            assertThat(failed).failsWithin(Duration.ZERO).withThrowableThat()
                    .havingRootCause().isInstanceOfSatisfying(ChatException.class, e -> {
                        assertThat(e.error()).as("retryable").isEqualTo(ChatError.UNAVAILABLE);
                        assertThat(e.getMessage()).as("no SQLite result code or file name for the client")
                                .isEqualTo("commit failed: the store cannot write now; try again later");
                    });
            assertThat(notes(database)).containsExactly("accepted");

            insert(writer, "next").get(10, TimeUnit.SECONDS);
            assertThat(writer.isFailing()).isFalse();
            assertThat(database.isHealthy()).isTrue();
        }
        try (SqliteDatabase reopened = open(file)) {
            assertThat(notes(reopened)).containsExactly("accepted", "next");
        }
    }

    /**
     * After a failed commit the writer replaces its connection. While no new one can be opened, every batch fails on
     * the closed one with the same message; the first batch once one opens is committed.
     */
    @Test
    void should_fail_batches_while_no_connection_opens_and_go_on_once_one_does() throws Exception {
        Path file = folder.resolve("reopening.db");
        SQLiteDataSource source = SqliteDatabase.dataSource(SqliteSettings.defaults(file));
        AtomicBoolean refuseOpens = new AtomicBoolean();
        AtomicInteger opened = new AtomicInteger();
        GroupCommitWriter.WriteConnections connections = () -> {
            if (refuseOpens.get()) {
                throw new SQLException("cannot open (test)");
            }
            opened.incrementAndGet();
            return SqliteDatabase.writeConnection(source);
        };
        try (GroupCommitWriter writer = new GroupCommitWriter(connections, 100, 100,
                StoreMetrics.of(new SimpleMeterRegistry(), "reopening", "sqlite"))) {
            writer.submit(connection -> execute(connection, "CREATE TABLE notes (text TEXT NOT NULL)"), done -> { })
                    .get(10, TimeUnit.SECONDS);
            insert(writer, "accepted").get(10, TimeUnit.SECONDS);
            refuseOpens.set(true);
            try (FileSizeLimit ignored = FileSizeLimit.lower(Files.size(wal(file)))) {
                assertThat(insert(writer, "lost")).failsWithin(Duration.ofSeconds(10));
            }

            assertThat(insert(writer, "refused on the closed connection")).as("the file may grow again")
                    .failsWithin(Duration.ofSeconds(10)).withThrowableThat().havingRootCause()
                    .isInstanceOfSatisfying(ChatException.class, e -> {
                        assertThat(e.error()).isEqualTo(ChatError.UNAVAILABLE);
                        assertThat(e).hasMessage(CommitFailures.CLIENT_MESSAGE);
                    });
            assertThat(writer.isFailing()).isTrue();
            assertThat(opened).as("no replacement opened").hasValue(1);

            refuseOpens.set(false);
            insert(writer, "next").get(10, TimeUnit.SECONDS);
            assertThat(opened).hasValue(2);
            assertThat(writer.isFailing()).isFalse();
        }
        try (SqliteDatabase reopened = open(file)) {
            assertThat(notes(reopened)).containsExactly("accepted", "next");
        }
    }

    private static SqliteDatabase open(Path file) {
        return SqliteDatabase.open(SqliteSettings.defaults(file), new SimpleMeterRegistry());
    }

    private static Path wal(Path database) {
        return database.resolveSibling(database.getFileName() + "-wal");
    }

    private static CompletableFuture<Integer> insert(GroupCommitWriter writer, String text) {
        return writer.submit(connection -> {
            try (var statement = connection.prepareStatement("INSERT INTO notes (text) VALUES (?)")) {
                statement.setString(1, text);
                return statement.executeUpdate();
            }
        }, rows -> { });
    }

    private static int execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            return statement.executeUpdate(sql);
        }
    }

    private static List<String> notes(SqliteDatabase database) {
        return database.read(connection -> {
            List<String> texts = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT text FROM notes ORDER BY rowid")) {
                while (rows.next()) {
                    texts.add(rows.getString(1));
                }
            }
            return texts;
        });
    }
}
