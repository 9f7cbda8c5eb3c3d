package io.cellchat.services.history.store.rocksdb;

import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationKind;
import io.cellchat.domain.chat.ConversationState;
import io.cellchat.platform.rocksdb.Batch;
import io.cellchat.platform.rocksdb.Reads;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code conversations} table, with one saving for direct conversations. A group's header row is rewritten by
 * each of its events. A direct conversation's is written when the conversation is created, not per message: its
 * kind, title and members follow from its ID, so the row marks that it exists, and its last seq and last activity
 * are those of its last event, read in the same view. A message to an existing direct conversation, the commonest
 * write of a chat with contacts, thus puts two rows (event, idempotency record) instead of three; each costs a
 * memtable insert in the writer. The row is written again when the writer's cache stops holding the conversation,
 * and for those it holds when the store closes ({@link ConversationCache}), so it is seldom behind; a row written
 * per event (by older versions, or by the import of 0.1's history) reads the same. Readers check for a later event
 * (the cache's conversations are behind); the writer, whose cache holds those, skips the check when the row's run
 * says the row is current ({@link HeaderRuns}).
 */
final class HeaderRows {

    private static final Logger log = LoggerFactory.getLogger(HeaderRows.class);

    private final ChatTables tables;
    private final HeaderRuns runs;

    HeaderRows(ChatTables tables, HeaderRuns runs) {
        this.tables = tables;
        this.runs = runs;
    }

    /**
     * Writes the header after {@code last}, unless it is a direct conversation that existed before it. A direct
     * conversation's row names the run (a group's is rewritten by every event, so it needs none).
     */
    void put(Batch batch, ConversationState after, ChatEvent last, boolean created) {
        if (created || !after.id().isDirect()) {
            write(batch, after.id(), new Rows.Header(after.kind(), after.title(), after.lastSeq(),
                    after.members().size(), last.at(), after.id().isDirect() ? runs.run() : 0));
        } else {
            runs.fallingBehind(batch);
        }
    }

    /**
     * Writes the header rows of the direct conversations the writer's cache stops holding into {@code batch}, with
     * the time of their last event read from it when the cache did not know it.
     */
    DirectSeqs.Leaving rewriter(Batch batch) {
        return (low, high, seq, atMillis) -> {
            ConversationId id = ConversationId.direct(low, high);
            long at = atMillis;
            if (at < 0) {
                byte[] event = batch.get(tables.events(), Keys.event(id, seq));
                if (event == null) {
                    log.error("no event {}/{} for the header row the writer's cache held; row left as it is", id, seq);
                    runs.loseTrack();
                    return;
                }
                at = StoredEvent.at(event).toEpochMilli();
            }
            write(batch, id, new Rows.Header(ConversationKind.DIRECT, "", seq, 2, Instant.ofEpochMilli(at),
                    runs.run()));
        };
    }

    private void write(Batch batch, ConversationId id, Rows.Header header) {
        batch.put(tables.conversations(), Keys.conversation(id), header.encode());
    }

    /**
     * The conversation's header, or {@code null} if it does not exist. For a direct conversation the row's last seq
     * is where its history ended when the row was written: events are numbered from 1 without gaps and never
     * removed, so it is still the last unless the next one exists (one lookup, which the Bloom filters answer when
     * it does not); otherwise one backward step over the conversation's events finds the last.
     */
    Rows.@Nullable Header get(Reads reads, ConversationId id) {
        return get(reads, id, false);
    }

    /**
     * The conversation's header as the writer reads it when its cache does not hold the conversation: as
     * {@link #get(Reads, ConversationId)}, without the lookup of a later event when the row is current
     * ({@link HeaderRuns#current}).
     */
    Rows.@Nullable Header getMissed(Batch batch, ConversationId id) {
        return get(batch, id, true);
    }

    private Rows.@Nullable Header get(Reads reads, ConversationId id, boolean missed) {
        byte[] row = reads.get(tables.conversations(), Keys.conversation(id));
        if (row == null) {
            return null;
        }
        Rows.Header header = Rows.Header.decode(row);
        if (!id.isDirect() || missed && runs.current(header)) {
            return header;
        }
        byte[] next = Keys.event(id, header.lastSeq() + 1);
        if (reads.get(tables.events(), next) == null) {
            return header;
        }
        Rows.Header[] last = {header};
        reads.backward(tables.events(), next, Bytes.successor(Keys.conversation(id)), (key, value) -> {
            last[0] = header.after(Keys.eventSeq(key), StoredEvent.at(value));
            return false;
        });
        return last[0];
    }
}
