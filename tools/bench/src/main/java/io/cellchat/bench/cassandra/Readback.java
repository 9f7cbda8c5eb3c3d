package io.cellchat.bench.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cellchat.bench.cassandra.Workload.Event;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks after a run that the strategy wrote what the materializer must leave behind: for a sample of
 * conversations, the newest message row holds the conversation's last sequence number, and every member's
 * conversation-list row says {@code last_seq} = that number. Requests of one poll run concurrently, so this is where
 * a strategy that let an earlier upsert win over a later one would show.
 */
final class Readback {

    private static final int SAMPLE = 200;

    private final CqlSession session;
    private final PreparedStatement newestMessage;
    private final PreparedStatement listEntry;

    Readback(CqlSession session, HistorySchema schema) {
        this.session = session;
        this.newestMessage = session.prepare("SELECT seq FROM " + schema.keyspace()
                + ".messages_by_conversation WHERE conversation_id = ? AND bucket = ? LIMIT 1");
        this.listEntry = session.prepare("SELECT last_seq FROM " + schema.keyspace()
                + ".conversations_by_user WHERE user_id = ? AND conversation_id = ?");
    }

    /** Rows checked and rows wrong, for up to {@value #SAMPLE} conversations of {@code workload}. */
    Map<String, Long> check(Workload workload) {
        Map<String, Event> last = new LinkedHashMap<>();
        workload.polls().forEach(poll -> poll.forEach(e -> last.put(e.conversationId(), e)));
        List<Event> finals = new ArrayList<>(last.values());
        int step = Math.max(1, finals.size() / SAMPLE);
        long checked = 0;
        long wrong = 0;
        for (int i = 0; i < finals.size(); i += step) {
            Event e = finals.get(i);
            Row message = session.execute(newestMessage.bind(e.conversationId(), e.bucket())).one();
            checked++;
            wrong += message == null || message.getLong(0) != e.seq() ? 1 : 0;
            for (long member : e.members()) {
                Row entry = session.execute(listEntry.bind(member, e.conversationId())).one();
                checked++;
                wrong += entry == null || entry.getLong(0) != e.seq() ? 1 : 0;
            }
        }
        return Map.of("rowsChecked", checked, "rowsWrong", wrong);
    }
}
