/**
 * The history on Cassandra, for the distributed cell: the materializer's writer ({@link
 * io.cellchat.services.history.store.cassandra.CassandraHistoryWriter}), the
 * {@link io.cellchat.domain.chat.ChatReader} adapter ({@link
 * io.cellchat.services.history.store.cassandra.CassandraChatReader}) and the schema ({@code db/cassandra/V*.cql},
 * applied by {@link io.cellchat.services.history.store.cassandra.CassandraHistorySchema}).
 *
 * <p>Tables (every column is described in the script): {@code conversations} (one header per conversation),
 * {@code members} (roles and receipt marks), {@code events} (every event, partitioned by conversation and a bucket of
 * 10,000 sequence numbers, clustered by sequence), {@code reactions}, {@code conversations_by_user} (a user's list).
 * Every write is versioned by the sequence number that causes it ({@link
 * io.cellchat.services.history.store.cassandra.Versions}), which is what makes the materializer's at-least-once
 * replays harmless. See docs/design/cell.md, "Cassandra".
 */
package io.cellchat.services.history.store.cassandra;
