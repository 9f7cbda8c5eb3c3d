package io.cellchat.services.history.store.rocksdb;

import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationState;
import io.cellchat.domain.chat.EventBody;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.sequencing.RulesProjection;
import io.cellchat.domain.chat.sequencing.Sequenced;
import io.cellchat.platform.rocksdb.Batch;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Writes a sequenced command into the batch: the events, the read model they change (message rows, reactions,
 * member rows, the user's conversation index, a group's header or a new direct conversation's) and the idempotency
 * record. Everything one command changes goes into the same batch, so it becomes durable and visible at once or not
 * at all.
 */
final class OutcomeWriter {

    private final ChatTables tables;
    private final MemberRows members;
    private final HeaderRows headers;

    OutcomeWriter(ChatTables tables, HeaderRows headers) {
        this.tables = tables;
        this.members = new MemberRows(tables);
        this.headers = headers;
    }

    void write(Sequenced sequenced, Batch batch) {
        switch (sequenced) {
            case Sequenced.Unchanged unchanged -> { }
            case Sequenced.ReceiptsMoved moved -> members.put(batch, moved.conversation().id(), moved.member());
            case Sequenced.EventsAppended appended -> write(appended, batch);
        }
    }

    private void write(Sequenced.EventsAppended appended, Batch batch) {
        ConversationState after = appended.conversation();
        ConversationId id = after.id();
        if (appended.created()) {
            for (Member member : after.members().values()) {
                join(batch, id, member);
            }
        }
        for (ChatEvent event : appended.events()) {
            batch.put(tables.events(), Keys.event(id, event.seq()), StoredEvent.of(event).encode());
            materialize(batch, after, event);
        }
        headers.put(batch, after, appended.events().getLast(), appended.created());
        appended.remembered().ifPresent(record -> batch.put(tables.idempotency(),
                Keys.idempotency(record.actor(), record.key()), Rows.idempotency(record)));
    }

    private void materialize(Batch batch, ConversationState after, ChatEvent event) {
        ConversationId id = event.conversation();
        switch (event.body()) {
            case EventBody.MessageEdited edited -> update(batch, id, edited.targetSeq(),
                    message -> message.edited(RulesProjection.text(edited.body()), event.at(), event.seq()));
            case EventBody.MessageDeleted deleted -> delete(batch, id, deleted.targetSeq());
            case EventBody.ReactionChanged reaction -> {
                byte[] key = Keys.reaction(id, reaction.targetSeq(), event.actor(), reaction.emoji());
                if (reaction.added()) {
                    batch.put(tables.reactions(), key, new Bytes.Writer(8).fixed64(event.at().toEpochMilli()).bytes());
                } else {
                    batch.delete(tables.reactions(), key);
                }
            }
            case EventBody.MembersAdded added -> added.members().forEach(member ->
                    join(batch, id, after.member(member.userId()).orElse(member)));
            case EventBody.MemberRemoved removed -> leave(batch, id, removed.userId());
            case EventBody.MemberLeft left -> leave(batch, id, left.userId());
            case EventBody.RoleChanged changed -> after.member(changed.userId()).ifPresent(member ->
                    members.put(batch, id, member));
            case EventBody.MessagePosted posted -> { }
            case EventBody.GroupCreated created -> { }
            case EventBody.GroupRenamed renamed -> { }
        }
    }

    /** Deleting a message clears its text, the texts of its edits, and its reactions. */
    private void delete(Batch batch, ConversationId id, long seq) {
        StoredEvent message = update(batch, id, seq, StoredEvent::deleted);
        if (message == null) {
            return;
        }
        for (long editSeq : message.editSeqs()) {
            update(batch, id, editSeq, StoredEvent::cleared);
        }
        byte[] prefix = Keys.reactions(id, seq);
        List<byte[]> reactions = new ArrayList<>();
        batch.forward(tables.reactions(), prefix, Bytes.successor(prefix), (key, value) -> reactions.add(key));
        reactions.forEach(key -> batch.delete(tables.reactions(), key));
    }

    private @Nullable StoredEvent update(Batch batch, ConversationId id, long seq,
            java.util.function.UnaryOperator<StoredEvent> change) {
        byte[] key = Keys.event(id, seq);
        byte[] value = batch.get(tables.events(), key);
        if (value == null) {
            return null;
        }
        StoredEvent updated = change.apply(StoredEvent.decode(id, seq, value));
        batch.put(tables.events(), key, updated.encode());
        return updated;
    }

    private void join(Batch batch, ConversationId id, Member member) {
        members.put(batch, id, member);
        batch.put(tables.userConversations(), Keys.userConversation(member.userId(), id), new byte[0]);
    }

    private void leave(Batch batch, ConversationId id, long userId) {
        batch.delete(tables.members(), Keys.member(id, userId));
        batch.delete(tables.userConversations(), Keys.userConversation(userId, id));
    }
}
