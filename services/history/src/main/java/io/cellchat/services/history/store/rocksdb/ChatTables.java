package io.cellchat.services.history.store.rocksdb;

import io.cellchat.platform.rocksdb.RocksStore;
import io.cellchat.platform.rocksdb.Table;
import java.util.List;

/** The tables (column families) of the chat store; their keys and values are described in package-info.java. */
record ChatTables(Table conversations, Table members, Table userConversations, Table events, Table reactions,
        Table idempotency) {

    /** The column families {@link RocksStore#open} must create for this adapter. */
    static final List<String> NAMES =
            List.of("conversations", "members", "user_conversations", "events", "reactions", "idempotency");

    static ChatTables of(RocksStore store) {
        return new ChatTables(store.table("conversations"), store.table("members"),
                store.table("user_conversations"), store.table("events"), store.table("reactions"),
                store.table("idempotency"));
    }
}
