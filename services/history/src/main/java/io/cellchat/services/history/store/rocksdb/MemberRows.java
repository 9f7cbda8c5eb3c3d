package io.cellchat.services.history.store.rocksdb;

import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.Role;
import io.cellchat.platform.rocksdb.Batch;
import io.cellchat.platform.rocksdb.Reads;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code members} table, with one saving for direct conversations: their two members follow from the
 * conversation's ID and start as plain members with no receipts, so a direct member's row is written only once it
 * differs from that (when a receipt of theirs moves), and reads fill in the missing ones. Opening a direct
 * conversation, the commonest write of a chat with many contacts, thus puts no member rows (five rows instead of
 * seven). Group members always have rows; a direct member row that equals the default (written by 0.1's import) reads
 * the same as a missing one.
 */
final class MemberRows {

    private final ChatTables tables;

    MemberRows(ChatTables tables) {
        this.tables = tables;
    }

    /** Writes the member's row, unless it is a direct member as the conversation's ID implies it. */
    void put(Batch batch, ConversationId id, Member member) {
        if (id.isDirect() && member.equals(Member.joined(member.userId(), Role.MEMBER))) {
            return;
        }
        batch.put(tables.members(), Keys.member(id, member.userId()), Rows.member(member));
    }

    /** The user's membership of a conversation known to exist, or {@code null} if they are not a member. */
    @Nullable Member get(Reads reads, ConversationId id, long userId) {
        byte[] row = reads.get(tables.members(), Keys.member(id, userId));
        if (row != null) {
            return Rows.member(userId, row);
        }
        if (id.isDirect()) {
            long[] pair = id.directMembers();
            if (pair[0] == userId || pair[1] == userId) {
                return Member.joined(userId, Role.MEMBER);
            }
        }
        return null;
    }

    /**
     * Every member of a conversation known to exist, in user ID order. A direct conversation's are two point reads
     * (each usually answered by the Bloom filters: no row), which cost the writer far less than opening a range
     * scan on a conversation missing from its cache.
     */
    List<Member> ofExisting(Reads reads, ConversationId id) {
        if (!id.isDirect()) {
            return all(reads, id);
        }
        List<Member> members = new ArrayList<>(2);
        for (long user : id.directMembers()) {
            Member member = get(reads, id, user);
            members.add(member == null ? Member.joined(user, Role.MEMBER) : member);
        }
        return members;
    }

    /** Every member of the conversation in user ID order; none if it does not exist. */
    List<Member> all(Reads reads, ConversationId id) {
        List<Member> rows = new ArrayList<>();
        byte[] prefix = Keys.conversation(id);
        reads.forward(tables.members(), prefix, Bytes.successor(prefix), (key, value) -> {
            rows.add(Rows.member(Keys.memberUser(key), value));
            return true;
        });
        if (!id.isDirect() || rows.size() == 2 || reads.get(tables.conversations(), prefix) == null) {
            return rows;
        }
        List<Member> members = new ArrayList<>(2);
        for (long user : id.directMembers()) {
            members.add(rows.stream().filter(row -> row.userId() == user).findFirst()
                    .orElseGet(() -> Member.joined(user, Role.MEMBER)));
        }
        return members;
    }
}
