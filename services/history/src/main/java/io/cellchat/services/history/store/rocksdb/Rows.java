package io.cellchat.services.history.store.rocksdb;

import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationKind;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.Role;
import io.cellchat.domain.chat.sequencing.IdempotencyRecord;
import java.time.Instant;

/** The values of the {@code conversations}, {@code members} and {@code idempotency} tables. */
final class Rows {

    private static final int VERSION = 1;

    private Rows() {}

    /**
     * A conversation's header: what the list and sync show without reading its members.
     *
     * @param lastActivity when its latest event was appended (orders the conversation list)
     * @param run the run of the store that wrote the row ({@link HeaderRuns}); 0 for a row of a version that did not
     *     count runs, or of the import of 0.1's history
     */
    record Header(ConversationKind kind, String title, long lastSeq, int memberCount, Instant lastActivity, long run) {

        /** The version of a row that names its run (a row of version 1 ends before it). */
        private static final int WITH_RUN = 2;

        /** A header that names no run. */
        Header(ConversationKind kind, String title, long lastSeq, int memberCount, Instant lastActivity) {
            this(kind, title, lastSeq, memberCount, lastActivity, 0);
        }

        byte[] encode() {
            Bytes.Writer out = new Bytes.Writer(40 + title.length()).u8(run == 0 ? VERSION : WITH_RUN)
                    .u8(kind.ordinal()).string(title).varint(lastSeq).varint(memberCount)
                    .varint(lastActivity.toEpochMilli());
            return (run == 0 ? out : out.varint(run)).bytes();
        }

        /** The same conversation with its history ending at {@code lastSeq}, appended {@code at}. */
        Header after(long lastSeq, Instant at) {
            return new Header(kind, title, lastSeq, memberCount, at, run);
        }

        static Header decode(byte[] bytes) {
            Bytes.Reader in = new Bytes.Reader(bytes);
            int version = in.u8();
            if (version != VERSION && version != WITH_RUN) {
                throw new IllegalStateException("conversation: version " + version + " (expected: " + VERSION
                        + " or " + WITH_RUN + ")");
            }
            return new Header(ConversationKind.values()[in.u8()], in.string(), in.varint(), (int) in.varint(),
                    Instant.ofEpochMilli(in.varint()), version == WITH_RUN ? in.varint() : 0);
        }
    }

    static byte[] member(Member member) {
        return new Bytes.Writer(24).u8(VERSION).u8(member.role().ordinal()).varint(member.deliveredSeq())
                .varint(member.seenSeq()).bytes();
    }

    static Member member(long userId, byte[] bytes) {
        Bytes.Reader in = version(new Bytes.Reader(bytes), "member");
        return new Member(userId, Role.values()[in.u8()], in.varint(), in.varint());
    }

    static byte[] idempotency(IdempotencyRecord record) {
        return new Bytes.Writer(64).u8(VERSION).string(record.fingerprint()).string(record.conversation().value())
                .varint(record.seq()).varint(record.messageId()).varint(record.at().toEpochMilli()).bytes();
    }

    static IdempotencyRecord idempotency(long actor, String key, byte[] bytes) {
        Bytes.Reader in = version(new Bytes.Reader(bytes), "idempotency record");
        return new IdempotencyRecord(actor, key, in.string(), new ConversationId(in.string()), in.varint(),
                in.varint(), Instant.ofEpochMilli(in.varint()));
    }

    private static Bytes.Reader version(Bytes.Reader in, String what) {
        int version = in.u8();
        if (version != VERSION) {
            throw new IllegalStateException(what + ": version " + version + " (expected: " + VERSION + ")");
        }
        return in;
    }
}
