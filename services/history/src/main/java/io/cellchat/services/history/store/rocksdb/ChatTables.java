package io.cellchat.services.history.store.rocksdb;

import io.cellchat.platform.rocksdb.RocksStore;
import io.cellchat.platform.rocksdb.Table;
import io.cellchat.platform.rocksdb.TableSpec;
import java.util.List;

/** The tables (column families) of the chat store; their keys and values are described in package-info.java. */
record ChatTables(Table conversations, Table members, Table userConversations, Table events, Table reactions,
        Table idempotency, Table meta) {

    /**
     * The key bytes that group the inserts of a user's rows: the user ID that starts their keys
     * ({@code user_conversations}, {@code idempotency}).
     */
    private static final int USER_PREFIX = 8;
    /**
     * The key bytes that group the inserts of a conversation's rows: the length byte, the kind ({@code d:} or
     * {@code g:}) and 18 digits of the ID that follows (a group's ID, or a direct conversation's first user), so a
     * group's events, and a user's direct conversations, are inserted near where the last one went. Snowflakes have
     * 18 digits from late 2026 for about seven years; with fewer or more digits the groups are only finer or coarser
     * (and a key shorter than the prefix takes no hint), never wrong: hints change the memtable's CPU, not its order.
     */
    private static final int CONVERSATION_PREFIX = 21;

    /**
     * The column families {@link RocksStore#open} must create for this adapter; the conversation headers and the
     * users' indexes, whose new rows land all over them, are compacted the universal way
     * ({@link TableSpec.Compaction#UNIVERSAL}).
     */
    static final List<TableSpec> TABLES = List.of(new TableSpec("conversations", CONVERSATION_PREFIX).universal(),
            new TableSpec("members", CONVERSATION_PREFIX),
            new TableSpec("user_conversations", USER_PREFIX, false).universal(),
            new TableSpec("events", CONVERSATION_PREFIX), new TableSpec("reactions", CONVERSATION_PREFIX, false),
            new TableSpec("idempotency", USER_PREFIX), TableSpec.of("meta"));

    static ChatTables of(RocksStore store) {
        return new ChatTables(store.table("conversations"), store.table("members"),
                store.table("user_conversations"), store.table("events"), store.table("reactions"),
                store.table("idempotency"), store.table("meta"));
    }
}
