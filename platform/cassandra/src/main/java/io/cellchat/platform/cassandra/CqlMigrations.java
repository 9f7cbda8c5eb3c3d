package io.cellchat.platform.cassandra;

import static java.util.Objects.requireNonNull;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies versioned CQL scripts to a keyspace, each once, in version order, like Flyway does for SQL (Flyway has no
 * Cassandra support). Scripts are classpath resources named {@code V<version>__<description>.cql}, statements
 * separated by {@code ;}, {@code --} comments allowed.
 *
 * <p>Several processes may start at once (two materializers): each version is claimed with a lightweight
 * transaction ({@code INSERT ... IF NOT EXISTS}) in {@code schema_migrations}; the claimant applies it and marks it
 * done, the others wait for the mark. Concurrent schema changes from several nodes are what Cassandra handles
 * worst, so exactly one process runs each script. After each statement the driver waits for schema agreement.
 */
public final class CqlMigrations {

    private static final Logger log = LoggerFactory.getLogger(CqlMigrations.class);
    private static final Pattern NAME = Pattern.compile("V(\\d+)__([\\w-]+)\\.cql");
    private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WAIT_FOR_OTHERS = Duration.ofMinutes(2);

    private final CqlSession session;
    private final String keyspace;

    public CqlMigrations(CqlSession session, String keyspace) {
        this.session = requireNonNull(session, "session");
        this.keyspace = requireNonNull(keyspace, "keyspace");
    }

    /**
     * Creates the keyspace if it does not exist, with {@code NetworkTopologyStrategy} and these replication factors
     * per datacenter. An existing keyspace is left as it is (an operator may have changed its replication).
     */
    public static void ensureKeyspace(CqlSession session, String keyspace, Map<String, Integer> replication) {
        if (replication.isEmpty()) {
            throw new IllegalArgumentException("cassandra.replication: empty (expected: datacenter=factor, ...)");
        }
        String factors = replication.entrySet().stream()
                .map(e -> "'" + e.getKey() + "': " + e.getValue())
                .collect(Collectors.joining(", "));
        session.execute(SimpleStatement.newInstance("CREATE KEYSPACE IF NOT EXISTS " + keyspace
                + " WITH replication = {'class': 'NetworkTopologyStrategy', " + factors + "}").setTimeout(DDL_TIMEOUT));
    }

    /** Applies the scripts (resource paths) not applied yet; returns how many this call applied. */
    public int migrate(List<String> scripts) {
        ddl("CREATE TABLE IF NOT EXISTS " + keyspace + ".schema_migrations (version int PRIMARY KEY,"
                + " description text, started_at timestamp, done boolean)");
        int applied = 0;
        for (String script : scripts) {
            String file = script.substring(script.lastIndexOf('/') + 1);
            Matcher name = NAME.matcher(file);
            if (!name.matches()) {
                throw new IllegalArgumentException("migration " + script + " (expected: V<version>__<description>.cql)");
            }
            int version = Integer.parseInt(name.group(1));
            if (claim(version, name.group(2))) {
                Instant start = Instant.now();
                for (String statement : statements(script)) {
                    ddl(statement);
                }
                session.execute(SimpleStatement.newInstance("UPDATE " + keyspace
                        + ".schema_migrations SET done = true WHERE version = ?", version)
                        .setConsistencyLevel(ConsistencyLevel.QUORUM));
                log.info("Applied Cassandra migration {} to {} in {} ms", file, keyspace,
                        Duration.between(start, Instant.now()).toMillis());
                applied++;
            } else {
                awaitDone(version, file);
            }
        }
        return applied;
    }

    private boolean claim(int version, String description) {
        ResultSet result = session.execute(SimpleStatement.newInstance("INSERT INTO " + keyspace
                + ".schema_migrations (version, description, started_at, done) VALUES (?, ?, toTimestamp(now()), false)"
                + " IF NOT EXISTS", version, description).setTimeout(DDL_TIMEOUT));
        return result.wasApplied();
    }

    private void awaitDone(int version, String file) {
        long deadline = System.nanoTime() + WAIT_FOR_OTHERS.toNanos();
        boolean logged = false;
        while (true) {
            Row row = session.execute(SimpleStatement.newInstance("SELECT done FROM " + keyspace
                    + ".schema_migrations WHERE version = ?", version).setConsistencyLevel(ConsistencyLevel.SERIAL))
                    .one();
            if (row != null && row.getBoolean("done")) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Cassandra migration " + file + " of " + keyspace
                        + " was started by another process and not finished within " + WAIT_FOR_OTHERS
                        + " (expected: done; if that process died, delete its row from " + keyspace
                        + ".schema_migrations and restart)");
            }
            if (!logged) {
                log.info("Waiting for another process to apply Cassandra migration {}", file);
                logged = true;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for migration " + file, e);
            }
        }
    }

    private void ddl(String cql) {
        session.execute(SimpleStatement.newInstance(cql).setKeyspace(keyspace).setTimeout(DDL_TIMEOUT));
    }

    private static List<String> statements(String script) {
        String text;
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalArgumentException("migration " + script + ": not on the classpath");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read migration " + script, e);
        }
        String withoutComments = text.lines()
                .map(line -> line.replaceAll("--.*$", "").stripTrailing())
                .collect(Collectors.joining("\n"));
        List<String> statements = new ArrayList<>();
        for (String statement : withoutComments.split(";")) {
            if (!statement.isBlank()) {
                statements.add(statement.strip());
            }
        }
        return statements;
    }
}
