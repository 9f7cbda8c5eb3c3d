package io.cellchat.bench.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.cellchat.bench.cassandra.Workload.Event;

/** Binds one event's rows to the prepared statements of {@link HistorySchema}, as the materializer would. */
final class HistoryRows {

    private final PreparedStatement insertMessage;
    private final PreparedStatement upsertListEntry;

    HistoryRows(CqlSession session, HistorySchema schema) {
        this.insertMessage = session.prepare(schema.insertMessageCql());
        this.upsertListEntry = session.prepare(schema.upsertListEntryCql());
    }

    /** The event's row in {@code messages_by_conversation}; partition {@code (conversation_id, bucket)}. */
    BoundStatement message(Event e) {
        return insertMessage.bind(e.conversationId(), e.bucket(), e.seq(), e.eventId(), e.actor(), e.at(), e.kind(),
                e.targetSeq(), e.text(), e.idempotencyKey());
    }

    /** The member's row in {@code conversations_by_user}; partition {@code user_id}. */
    BoundStatement listEntry(Event e, long member) {
        return upsertListEntry.bind(e.seq(), e.at(), e.actor(), member, e.conversationId());
    }
}
