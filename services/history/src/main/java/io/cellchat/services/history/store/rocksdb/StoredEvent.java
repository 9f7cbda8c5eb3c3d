package io.cellchat.services.history.store.rocksdb;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.EventBody;
import io.cellchat.domain.chat.EventBody.GroupCreated;
import io.cellchat.domain.chat.EventBody.GroupRenamed;
import io.cellchat.domain.chat.EventBody.MemberLeft;
import io.cellchat.domain.chat.EventBody.MemberRemoved;
import io.cellchat.domain.chat.EventBody.MembersAdded;
import io.cellchat.domain.chat.EventBody.MessageDeleted;
import io.cellchat.domain.chat.EventBody.MessageEdited;
import io.cellchat.domain.chat.EventBody.MessagePosted;
import io.cellchat.domain.chat.EventBody.ReactionChanged;
import io.cellchat.domain.chat.EventBody.RoleChanged;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.MessageBody;
import io.cellchat.domain.chat.Role;
import io.cellchat.domain.chat.sequencing.RulesProjection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One row of the {@code events} table: the event, and for a message its current state (text after edits, tombstone,
 * when last edited) with the sequence numbers of its edits, whose texts a deletion clears. Reactions live in their
 * own table and are joined in on read.
 */
record StoredEvent(ChatEvent event, List<Long> editSeqs) {

    private static final int VERSION = 1;

    StoredEvent {
        requireNonNull(event, "event");
        editSeqs = List.copyOf(editSeqs);
    }

    static StoredEvent of(ChatEvent event) {
        return new StoredEvent(event, List.of());
    }

    boolean isMessage() {
        return event.body() instanceof MessagePosted;
    }

    /** The message with its text replaced by an edit at {@code editSeq}. */
    StoredEvent edited(String text, Instant at, long editSeq) {
        MessagePosted posted = (MessagePosted) event.body();
        List<Long> edits = new ArrayList<>(editSeqs);
        edits.add(editSeq);
        return new StoredEvent(with(new MessagePosted(new MessageBody.Text(text), posted.replyToSeq(),
                posted.idempotencyKey(), at, posted.deleted(), List.of())), edits);
    }

    /** The message as a tombstone (text cleared). */
    StoredEvent deleted() {
        MessagePosted posted = (MessagePosted) event.body();
        return new StoredEvent(with(new MessagePosted(new MessageBody.Text(""), posted.replyToSeq(),
                posted.idempotencyKey(), posted.editedAt(), true, List.of())), editSeqs);
    }

    /** An edit whose text a deletion of its message cleared. */
    StoredEvent cleared() {
        MessageEdited edited = (MessageEdited) event.body();
        return new StoredEvent(with(new MessageEdited(edited.targetSeq(), new MessageBody.Text(""))), editSeqs);
    }

    private ChatEvent with(EventBody body) {
        return new ChatEvent(event.conversation(), event.seq(), event.eventId(), event.actor(), event.at(), body);
    }

    byte[] encode() {
        Bytes.Writer out = new Bytes.Writer(128).u8(VERSION);
        out.varint(event.eventId()).varint(event.actor()).varint(event.at().toEpochMilli());
        switch (event.body()) {
            case MessagePosted posted -> {
                out.u8(1).string(RulesProjection.text(posted.body())).varint(posted.replyToSeq())
                        .string(posted.idempotencyKey())
                        .varint(posted.editedAt() == null ? 0 : posted.editedAt().toEpochMilli() + 1)
                        .u8(posted.deleted() ? 1 : 0).varint(editSeqs.size());
                editSeqs.forEach(out::varint);
            }
            case MessageEdited edited -> out.u8(2).varint(edited.targetSeq()).string(RulesProjection.text(edited.body()));
            case MessageDeleted deleted -> out.u8(3).varint(deleted.targetSeq());
            case ReactionChanged reaction ->
                    out.u8(4).varint(reaction.targetSeq()).string(reaction.emoji()).u8(reaction.added() ? 1 : 0);
            case GroupCreated created -> members(out.u8(5).string(created.title()), created.members());
            case GroupRenamed renamed -> out.u8(6).string(renamed.title());
            case MembersAdded added -> members(out.u8(7), added.members());
            case MemberRemoved removed -> out.u8(8).varint(removed.userId());
            case MemberLeft left -> out.u8(9).varint(left.userId());
            case RoleChanged changed -> out.u8(10).varint(changed.userId()).u8(changed.role().ordinal());
        }
        return out.bytes();
    }

    /** When the event stored as {@code bytes} was appended, without decoding the rest. */
    static Instant at(byte[] bytes) {
        Bytes.Reader in = new Bytes.Reader(bytes);
        int version = in.u8();
        if (version != VERSION) {
            throw new IllegalStateException("event: version " + version + " (expected: " + VERSION + ")");
        }
        in.varint();
        in.varint();
        return Instant.ofEpochMilli(in.varint());
    }

    static StoredEvent decode(ConversationId conversation, long seq, byte[] bytes) {
        Bytes.Reader in = new Bytes.Reader(bytes);
        int version = in.u8();
        if (version != VERSION) {
            throw new IllegalStateException("event " + conversation + "/" + seq + ": version " + version
                    + " (expected: " + VERSION + ")");
        }
        long eventId = in.varint();
        long actor = in.varint();
        Instant at = Instant.ofEpochMilli(in.varint());
        List<Long> edits = List.of();
        int kind = in.u8();
        EventBody body = switch (kind) {
            case 1 -> {
                String text = in.string();
                long replyTo = in.varint();
                String key = in.string();
                long editedAt = in.varint();
                boolean deleted = in.u8() == 1;
                int count = (int) in.varint();
                List<Long> seqs = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    seqs.add(in.varint());
                }
                edits = seqs;
                yield new MessagePosted(new MessageBody.Text(text), replyTo, key,
                        editedAt == 0 ? null : Instant.ofEpochMilli(editedAt - 1), deleted, List.of());
            }
            case 2 -> new MessageEdited(in.varint(), new MessageBody.Text(in.string()));
            case 3 -> new MessageDeleted(in.varint());
            case 4 -> new ReactionChanged(in.varint(), in.string(), in.u8() == 1);
            case 5 -> new GroupCreated(in.string(), members(in));
            case 6 -> new GroupRenamed(in.string());
            case 7 -> new MembersAdded(members(in));
            case 8 -> new MemberRemoved(in.varint());
            case 9 -> new MemberLeft(in.varint());
            case 10 -> new RoleChanged(in.varint(), Role.values()[in.u8()]);
            default -> throw new IllegalStateException("event " + conversation + "/" + seq + ": kind " + kind);
        };
        return new StoredEvent(new ChatEvent(conversation, seq, eventId, actor, at, body), edits);
    }

    private static void members(Bytes.Writer out, List<Member> members) {
        out.varint(members.size());
        for (Member member : members) {
            out.varint(member.userId()).u8(member.role().ordinal());
        }
    }

    private static List<Member> members(Bytes.Reader in) {
        int count = (int) in.varint();
        List<Member> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(Member.joined(in.varint(), Role.values()[in.u8()]));
        }
        return members;
    }
}
