package io.cellchat.bench.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Duration;
import java.util.List;

/**
 * The two history tables the distributed materializer writes for every {@code chat.events} record, as CQL. The
 * design is explained in docs/benchmarks/cassandra.md; in short:
 *
 * <ul>
 *   <li>{@code messages_by_conversation}: one row per event sequence number, partitioned by conversation and a
 *       bucket of {@value #BUCKET_SIZE} sequence numbers ({@code bucket = seq / BUCKET_SIZE}), so a partition stays
 *       a few MB however long the conversation lives, and {@code sync (a, b]} or a history page computes its
 *       buckets from the sequence numbers it already has, with no lookup. Newest first, like history pages read.
 *       A new message writes no {@code edited_at}/{@code deleted} (unset, not null), so inserts create no
 *       tombstones; edits and deletes update the row later.
 *   <li>{@code conversations_by_user}: a user's conversation list in one partition, one row per conversation,
 *       upserted per member per event with blind writes ({@code last_seq}, {@code last_activity},
 *       {@code last_actor}). It is not clustered by activity: that would need a read and a delete (a tombstone) per
 *       member per event; a list of a few thousand rows is sorted by the reader. The user's own receipts sit in the
 *       same row, so unread = {@code last_seq - seen_seq} comes with the list.
 * </ul>
 */
final class HistorySchema {

    /** Sequence numbers per {@code messages_by_conversation} partition. */
    static final int BUCKET_SIZE = 10_000;

    private static final Duration DDL_TIMEOUT = Duration.ofSeconds(60);

    /** The table definitions, {@code %1$s} standing for the keyspace. */
    static final String TABLES_CQL = """
            CREATE TABLE IF NOT EXISTS %1$s.messages_by_conversation (
                conversation_id  text,       -- d:<low>:<high> or g:<snowflake>
                bucket           int,        -- seq / 10000
                seq              bigint,     -- gap-free per conversation, from the sequencer
                event_id         bigint,     -- snowflake; the message ID of a MESSAGE
                actor            bigint,
                at               timestamp,
                kind             text,       -- MESSAGE EDITED DELETED REACTION GROUP_CREATED ...
                target_seq       bigint,     -- reply-to, or the message an edit/delete/reaction targets
                text             text,
                idempotency_key  text,       -- MESSAGE: the sender's key
                edited_at        timestamp,  -- set by a later EDITED
                deleted          boolean,    -- set by a later DELETED (text cleared)
                PRIMARY KEY ((conversation_id, bucket), seq)
            ) WITH CLUSTERING ORDER BY (seq DESC)
              AND compaction = {'class': 'UnifiedCompactionStrategy'};

            CREATE TABLE IF NOT EXISTS %1$s.conversations_by_user (
                user_id          bigint,
                conversation_id  text,
                kind             text,       -- DIRECT | GROUP, set when the user joins
                title            text,
                role             text,
                last_seq         bigint,     -- the conversation's latest seq: sync asks for (held, last_seq]
                last_activity    timestamp,
                last_actor       bigint,
                delivered_seq    bigint,     -- this user's receipts, written by the receipt path
                seen_seq         bigint,
                PRIMARY KEY ((user_id), conversation_id)
            ) WITH compaction = {'class': 'UnifiedCompactionStrategy'};
            """;

    private final String keyspace;

    HistorySchema(String keyspace) {
        this.keyspace = keyspace;
    }

    String keyspace() {
        return keyspace;
    }

    String insertMessageCql() {
        return "INSERT INTO " + keyspace + ".messages_by_conversation (conversation_id, bucket, seq, event_id, actor,"
                + " at, kind, target_seq, text, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    }

    String upsertListEntryCql() {
        return "UPDATE " + keyspace + ".conversations_by_user SET last_seq = ?, last_activity = ?, last_actor = ?"
                + " WHERE user_id = ? AND conversation_id = ?";
    }

    /** The full CQL with this keyspace, for the report. */
    String tablesCql() {
        return TABLES_CQL.formatted(keyspace);
    }

    /** Creates the keyspace (SimpleStrategy, RF 1: one node) and both tables. */
    void create(CqlSession session) {
        ddl(session, "CREATE KEYSPACE IF NOT EXISTS " + keyspace
                + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
        String withoutComments = tablesCql().lines().map(line -> line.replaceAll("--.*$", "").stripTrailing())
                .collect(java.util.stream.Collectors.joining("\n"));
        for (String statement : withoutComments.split(";")) {
            if (!statement.isBlank()) {
                ddl(session, statement.strip());
            }
        }
    }

    /** Empties both tables (Cassandra flushes, then drops their SSTables), so every run starts alike. */
    void truncate(CqlSession session) {
        for (String table : List.of("messages_by_conversation", "conversations_by_user")) {
            ddl(session, "TRUNCATE " + keyspace + "." + table);
        }
    }

    void drop(CqlSession session) {
        ddl(session, "DROP KEYSPACE IF EXISTS " + keyspace);
    }

    private static void ddl(CqlSession session, String cql) {
        session.execute(SimpleStatement.newInstance(cql).setTimeout(DDL_TIMEOUT));
    }
}
