package io.cellchat.bench.cassandra;

import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchType;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.cellchat.bench.cassandra.Workload.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One way to turn a poll of events into Cassandra requests, and how many requests may be in flight at once.
 *
 * <p>Every strategy writes the same rows; they differ in how rows are grouped into requests:
 * <ul>
 *   <li>{@link Grouping#SINGLE}: one request per row. With {@code coalesce}, a poll writes each conversation-list
 *       row once, with the poll's last event for it (the earlier upserts would be overwritten anyway).
 *   <li>{@link Grouping#PARTITION_UNLOGGED}: one unlogged batch per partition key (all of a poll's rows of one
 *       conversation bucket, or of one user), at most {@code maxBatchRows} rows; a partition with one row is sent as a
 *       plain statement. Always coalesced: the statements of a batch share one write timestamp, so two upserts of the
 *       same row inside it would tie, and a tie is decided by value, not by order.
 *   <li>{@link Grouping#EVENT_LOGGED}: one logged batch per event (its message row and every member's list row), so
 *       an event lands in all tables or in none.
 *   <li>{@link Grouping#EVENT_UNLOGGED}: the same grouping unlogged: one request spanning partitions, the
 *       anti-pattern (the coordinator fans out, no token awareness, no atomicity).
 * </ul>
 * Singles are issued in event order and take increasing client timestamps, so a later event's upsert of a list row
 * wins even if it reaches the node first.
 */
record Strategy(String name, Grouping grouping, int concurrency, boolean coalesce) {

    enum Grouping { SINGLE, PARTITION_UNLOGGED, EVENT_LOGGED, EVENT_UNLOGGED }

    /** One request and the rows it writes. */
    record Write(Statement<?> statement, int rows) {}

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    /** The strategies of the full run, in run order. */
    static List<Strategy> all() {
        return List.of(
                new Strategy("async-32", Grouping.SINGLE, 32, false),
                new Strategy("async-128", Grouping.SINGLE, 128, false),
                new Strategy("async-512", Grouping.SINGLE, 512, false),
                new Strategy("async-128-coalesced", Grouping.SINGLE, 128, true),
                new Strategy("unlogged-partition", Grouping.PARTITION_UNLOGGED, 128, true),
                new Strategy("logged-event", Grouping.EVENT_LOGGED, 128, false),
                new Strategy("unlogged-event", Grouping.EVENT_UNLOGGED, 128, false));
    }

    /** A strategy of {@link #all()} by name, or {@code async-<n>} / {@code async-<n>-coalesced} for any n. */
    static Strategy named(String name) {
        for (Strategy s : all()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        var async = java.util.regex.Pattern.compile("async-(\\d+)(-coalesced)?").matcher(name);
        if (async.matches()) {
            return new Strategy(name, Grouping.SINGLE, Integer.parseInt(async.group(1)), async.group(2) != null);
        }
        throw new IllegalArgumentException("strategy: " + name + " (expected: one of "
                + all().stream().map(Strategy::name).toList() + ", or async-<n>[-coalesced])");
    }

    /** The requests for one poll, in the order they are issued. */
    List<Write> plan(List<Event> poll, HistoryRows rows, int maxBatchRows) {
        List<Write> writes = new ArrayList<>();
        switch (grouping) {
            case SINGLE -> {
                for (Event e : poll) {
                    writes.add(single(rows.message(e)));
                    if (!coalesce) {
                        for (long member : e.members()) {
                            writes.add(single(rows.listEntry(e, member)));
                        }
                    }
                }
                if (coalesce) {
                    lastEventPerListRow(poll).forEach((key, e) -> writes.add(single(rows.listEntry(e, key.user()))));
                }
            }
            case PARTITION_UNLOGGED -> {
                Map<String, List<BatchableStatement<?>>> byPartition = new LinkedHashMap<>();
                for (Event e : poll) {
                    byPartition.computeIfAbsent("m/" + e.conversationId() + "/" + e.bucket(), k -> new ArrayList<>())
                            .add(rows.message(e));
                }
                lastEventPerListRow(poll).forEach((key, e) -> byPartition
                        .computeIfAbsent("u/" + key.user(), k -> new ArrayList<>()).add(rows.listEntry(e, key.user())));
                for (List<BatchableStatement<?>> partition : byPartition.values()) {
                    for (int from = 0; from < partition.size(); from += maxBatchRows) {
                        List<BatchableStatement<?>> chunk =
                                partition.subList(from, Math.min(partition.size(), from + maxBatchRows));
                        writes.add(chunk.size() == 1 ? single((BoundStatement) chunk.getFirst())
                                : batch(BatchType.UNLOGGED, chunk));
                    }
                }
            }
            case EVENT_LOGGED, EVENT_UNLOGGED -> {
                BatchType type = grouping == Grouping.EVENT_LOGGED ? BatchType.LOGGED : BatchType.UNLOGGED;
                for (Event e : poll) {
                    List<BatchableStatement<?>> statements = new ArrayList<>(e.rows());
                    statements.add(rows.message(e));
                    for (long member : e.members()) {
                        statements.add(rows.listEntry(e, member));
                    }
                    writes.add(batch(type, statements));
                }
            }
        }
        return writes;
    }

    private record ListRow(long user, String conversationId) {}

    private static Map<ListRow, Event> lastEventPerListRow(List<Event> poll) {
        Map<ListRow, Event> last = new LinkedHashMap<>();
        for (Event e : poll) {
            for (long member : e.members()) {
                last.put(new ListRow(member, e.conversationId()), e);
            }
        }
        return last;
    }

    private static Write single(BoundStatement statement) {
        return new Write(statement.setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM)
                .setTimeout(REQUEST_TIMEOUT).setIdempotent(true), 1);
    }

    private static Write batch(BatchType type, List<BatchableStatement<?>> statements) {
        BatchStatement batch = BatchStatement.newInstance(type, statements)
                .setConsistencyLevel(DefaultConsistencyLevel.LOCAL_QUORUM)
                .setTimeout(REQUEST_TIMEOUT)
                .setIdempotent(true);
        return new Write(batch, statements.size());
    }
}
