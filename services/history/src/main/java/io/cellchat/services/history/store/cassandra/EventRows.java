package io.cellchat.services.history.store.cassandra;

import com.datastax.oss.driver.api.core.cql.Row;
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
import io.cellchat.domain.chat.Reaction;
import io.cellchat.domain.chat.Role;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Maps {@link ChatEvent}s to rows of the {@code events} table and back (schema: {@code db/cassandra/V1}). */
final class EventRows {

    static final String COLUMNS =
            "seq, event_id, actor, at, kind, target_seq, text, flag, members, idempotency_key, edited_at, deleted";

    /** The columns of one event as {@link HistoryStatements#insertEvent} binds them after the key. */
    record Columns(String kind, long targetSeq, @Nullable String text, @Nullable Boolean flag, @Nullable String members,
            @Nullable String idempotencyKey) {}

    private EventRows() {}

    static Columns columns(ChatEvent event) {
        return switch (event.body()) {
            case MessagePosted posted -> new Columns("MESSAGE", posted.replyToSeq(), text(posted.body()), null, null,
                    posted.idempotencyKey());
            case MessageEdited edited -> new Columns("EDITED", edited.targetSeq(), text(edited.body()), null, null, null);
            case MessageDeleted deleted -> new Columns("DELETED", deleted.targetSeq(), null, null, null, null);
            case ReactionChanged reaction -> new Columns("REACTION", reaction.targetSeq(), reaction.emoji(),
                    reaction.added(), null, null);
            case GroupCreated created -> new Columns("GROUP_CREATED", 0, created.title(), null,
                    encode(created.members()), null);
            case GroupRenamed renamed -> new Columns("GROUP_RENAMED", 0, renamed.title(), null, null, null);
            case MembersAdded added -> new Columns("MEMBERS_ADDED", 0, null, null, encode(added.members()), null);
            case MemberRemoved removed -> new Columns("MEMBER_REMOVED", 0, null, null,
                    Long.toString(removed.userId()), null);
            case MemberLeft left -> new Columns("MEMBER_LEFT", 0, null, null, Long.toString(left.userId()), null);
            case RoleChanged changed -> new Columns("ROLE_CHANGED", 0, null, null,
                    changed.userId() + ":" + changed.role().name(), null);
        };
    }

    /** Reads an event row; {@code reactions} holds the current reactions of messages by sequence number. */
    static ChatEvent read(ConversationId conversation, Row row, Map<Long, List<Reaction>> reactions) {
        long seq = row.getLong("seq");
        long target = row.getLong("target_seq");
        String text = row.getString("text");
        String members = row.getString("members");
        String kind = row.getString("kind");
        EventBody body = switch (kind == null ? "" : kind) {
            case "MESSAGE" -> new MessagePosted(new MessageBody.Text(text == null ? "" : text), target,
                    nullToEmpty(row.getString("idempotency_key")), row.getInstant("edited_at"),
                    row.getBoolean("deleted"), reactions.getOrDefault(seq, List.of()));
            case "EDITED" -> new MessageEdited(target, new MessageBody.Text(text == null ? "" : text));
            case "DELETED" -> new MessageDeleted(target);
            case "REACTION" -> new ReactionChanged(target, column(text, "text", seq), row.getBoolean("flag"));
            case "GROUP_CREATED" -> new GroupCreated(column(text, "text", seq), decode(column(members, "members", seq)));
            case "GROUP_RENAMED" -> new GroupRenamed(column(text, "text", seq));
            case "MEMBERS_ADDED" -> new MembersAdded(decode(column(members, "members", seq)));
            case "MEMBER_REMOVED" -> new MemberRemoved(Long.parseLong(column(members, "members", seq)));
            case "MEMBER_LEFT" -> new MemberLeft(Long.parseLong(column(members, "members", seq)));
            case "ROLE_CHANGED" -> {
                Member member = decode(column(members, "members", seq)).getFirst();
                yield new RoleChanged(member.userId(), member.role());
            }
            default -> throw new IllegalStateException("event " + conversation + "#" + seq + ": kind " + kind
                    + " (expected: one of the event kinds; a row written by a newer version?)");
        };
        Instant at = row.getInstant("at");
        return new ChatEvent(conversation, seq, row.getLong("event_id"), row.getLong("actor"),
                at == null ? Instant.EPOCH : at, body);
    }

    /** A column an event of this kind always has; a row without it is corrupt. */
    private static String column(@Nullable String value, String column, long seq) {
        if (value == null) {
            throw new IllegalStateException("event #" + seq + ": column " + column + " is empty (expected: set for its kind)");
        }
        return value;
    }

    static String text(MessageBody body) {
        return switch (body) {
            case MessageBody.Text(String text) -> text;
        };
    }

    private static String encode(List<Member> members) {
        return String.join(",", members.stream().map(m -> m.userId() + ":" + m.role().name()).toList());
    }

    private static List<Member> decode(String members) {
        return Arrays.stream(members.split(","))
                .map(part -> part.split(":"))
                .map(pair -> Member.joined(Long.parseLong(pair[0]), Role.valueOf(pair[1])))
                .toList();
    }

    private static String nullToEmpty(@Nullable String value) {
        return value == null ? "" : value;
    }
}
