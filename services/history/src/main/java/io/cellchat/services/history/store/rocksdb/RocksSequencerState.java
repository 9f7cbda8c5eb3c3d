package io.cellchat.services.history.store.rocksdb;

import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationState;
import io.cellchat.domain.chat.EventBody;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.sequencing.IdempotencyRecord;
import io.cellchat.domain.chat.sequencing.MessageState;
import io.cellchat.domain.chat.sequencing.RulesProjection;
import io.cellchat.domain.chat.sequencing.SequencerState;
import io.cellchat.platform.rocksdb.Batch;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The sequencer's state read from the chat tables through the batch being written (so it sees the commands of the
 * batch before it), with conversations served from the {@link ConversationCache} when they are there. The read
 * model holds all the rules need: conversation headers and member rows, the message rows of the events table, and
 * the reactions table.
 */
final class RocksSequencerState implements SequencerState {

    private final ChatTables tables;
    private final ConversationCache cache;
    private final Batch batch;
    private final MemberRows members;
    private final HeaderRows headers;

    RocksSequencerState(ChatTables tables, HeaderRows headers, ConversationCache cache, Batch batch) {
        this.tables = tables;
        this.headers = headers;
        this.cache = cache;
        this.batch = batch;
        this.members = new MemberRows(tables);
    }

    @Override
    public Optional<IdempotencyRecord> idempotency(long actor, String key) {
        byte[] value = batch.get(tables.idempotency(), Keys.idempotency(actor, key));
        return value == null ? Optional.empty() : Optional.of(Rows.idempotency(actor, key, value));
    }

    @Override
    public Optional<ConversationState> conversation(ConversationId id) {
        ConversationState cached = cache.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Rows.Header decoded = headers.getMissed(batch, id);
        if (decoded == null) {
            return Optional.empty();
        }
        Map<Long, Member> byUser = new HashMap<>();
        for (Member member : members.ofExisting(batch, id)) {
            byUser.put(member.userId(), member);
        }
        // Not cached here: the command may yet be refused and rolled back, with the header rows of the conversations
        // the cache would drop for it. RocksChatLog caches the state once the command's rows are written.
        return Optional.of(new ConversationState(id, decoded.kind(), decoded.title(), decoded.lastSeq(), byUser));
    }

    @Override
    public Optional<MessageState> message(ConversationId id, long seq) {
        byte[] value = batch.get(tables.events(), Keys.event(id, seq));
        if (value == null) {
            return Optional.empty();
        }
        StoredEvent stored = StoredEvent.decode(id, seq, value);
        if (!(stored.event().body() instanceof EventBody.MessagePosted posted)) {
            return Optional.empty();
        }
        return Optional.of(new MessageState(stored.event().actor(), posted.deleted(), RulesProjection.text(posted.body())));
    }

    @Override
    public Set<String> reactions(ConversationId id, long seq, long userId) {
        Set<String> emojis = new HashSet<>();
        byte[] prefix = Keys.reactions(id, seq, userId);
        int conversationPrefix = Keys.conversation(id).length;
        batch.forward(tables.reactions(), prefix, Bytes.successor(prefix), (key, value) -> {
            emojis.add(Keys.reactionAt(key, conversationPrefix).emoji());
            return true;
        });
        return emojis;
    }
}
