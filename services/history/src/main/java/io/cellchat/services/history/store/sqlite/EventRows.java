package io.cellchat.services.history.store.sqlite;

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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Maps {@link ChatEvent}s to rows of the {@code events} table and back (see {@code db/chat/V1}). */
final class EventRows {

    static final String COLUMNS =
            "seq, event_id, actor, at, kind, target_seq, text, flag, members, idempotency_key, edited_at, deleted";

    private EventRows() {}

    static void insert(Connection connection, ChatEvent event) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO events (conversation_id, "
                + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, event.conversation().value());
            insert.setLong(2, event.seq());
            insert.setLong(3, event.eventId());
            insert.setLong(4, event.actor());
            insert.setLong(5, event.at().toEpochMilli());
            long target = 0;
            String text = null;
            int flag = 0;
            String members = null;
            String key = null;
            String kind = switch (event.body()) {
                case MessagePosted posted -> {
                    target = posted.replyToSeq();
                    text = text(posted.body());
                    key = posted.idempotencyKey();
                    yield "MESSAGE";
                }
                case MessageEdited edited -> {
                    target = edited.targetSeq();
                    text = text(edited.body());
                    yield "EDITED";
                }
                case MessageDeleted deleted -> {
                    target = deleted.targetSeq();
                    yield "DELETED";
                }
                case ReactionChanged reaction -> {
                    target = reaction.targetSeq();
                    text = reaction.emoji();
                    flag = reaction.added() ? 1 : 0;
                    yield "REACTION";
                }
                case GroupCreated created -> {
                    text = created.title();
                    members = encode(created.members());
                    yield "GROUP_CREATED";
                }
                case GroupRenamed renamed -> {
                    text = renamed.title();
                    yield "GROUP_RENAMED";
                }
                case MembersAdded added -> {
                    members = encode(added.members());
                    yield "MEMBERS_ADDED";
                }
                case MemberRemoved removed -> {
                    members = Long.toString(removed.userId());
                    yield "MEMBER_REMOVED";
                }
                case MemberLeft left -> {
                    members = Long.toString(left.userId());
                    yield "MEMBER_LEFT";
                }
                case RoleChanged changed -> {
                    members = changed.userId() + ":" + changed.role().name();
                    yield "ROLE_CHANGED";
                }
            };
            insert.setString(6, kind);
            insert.setLong(7, target);
            insert.setString(8, text);
            insert.setInt(9, flag);
            insert.setString(10, members);
            insert.setString(11, key);
            insert.setNull(12, Types.INTEGER);
            insert.setInt(13, 0);
            insert.executeUpdate();
        }
    }

    /** Reads the event at the cursor; {@code reactions} holds the current reactions of messages by sequence. */
    static ChatEvent read(ConversationId conversation, ResultSet row, Map<Long, List<Reaction>> reactions)
            throws SQLException {
        long seq = row.getLong("seq");
        long target = row.getLong("target_seq");
        String text = row.getString("text");
        String members = row.getString("members");
        EventBody body = switch (row.getString("kind")) {
            case "MESSAGE" -> {
                long editedAt = row.getLong("edited_at");
                Instant edited = editedAt == 0 ? null : Instant.ofEpochMilli(editedAt);
                yield new MessagePosted(new MessageBody.Text(text == null ? "" : text), target,
                        nullToEmpty(row.getString("idempotency_key")), edited, row.getInt("deleted") == 1,
                        reactions.getOrDefault(seq, List.of()));
            }
            case "EDITED" -> new MessageEdited(target, new MessageBody.Text(text == null ? "" : text));
            case "DELETED" -> new MessageDeleted(target);
            case "REACTION" -> new ReactionChanged(target, text, row.getInt("flag") == 1);
            case "GROUP_CREATED" -> new GroupCreated(text, decode(members));
            case "GROUP_RENAMED" -> new GroupRenamed(text);
            case "MEMBERS_ADDED" -> new MembersAdded(decode(members));
            case "MEMBER_REMOVED" -> new MemberRemoved(Long.parseLong(members));
            case "MEMBER_LEFT" -> new MemberLeft(Long.parseLong(members));
            case "ROLE_CHANGED" -> {
                Member member = decode(members).getFirst();
                yield new RoleChanged(member.userId(), member.role());
            }
            default -> throw new IllegalStateException("unknown event kind " + row.getString("kind"));
        };
        return new ChatEvent(conversation, seq, row.getLong("event_id"), row.getLong("actor"),
                Instant.ofEpochMilli(row.getLong("at")), body);
    }

    /** The current reactions of the messages in {@code fromSeq..toSeq}, by sequence number, emojis in first-use order. */
    static Map<Long, List<Reaction>> reactions(Connection connection, ConversationId conversation, long fromSeq,
            long toSeq) throws SQLException {
        Map<Long, Map<String, List<Long>>> bySeq = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT seq, emoji, user_id FROM reactions"
                + " WHERE conversation_id = ? AND seq BETWEEN ? AND ? ORDER BY seq, at, user_id")) {
            select.setString(1, conversation.value());
            select.setLong(2, fromSeq);
            select.setLong(3, toSeq);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    bySeq.computeIfAbsent(rows.getLong(1), s -> new LinkedHashMap<>())
                            .computeIfAbsent(rows.getString(2), e -> new ArrayList<>())
                            .add(rows.getLong(3));
                }
            }
        }
        Map<Long, List<Reaction>> result = new LinkedHashMap<>();
        bySeq.forEach((seq, emojis) -> result.put(seq,
                emojis.entrySet().stream().map(e -> new Reaction(e.getKey(), e.getValue())).toList()));
        return result;
    }

    private static String text(MessageBody body) {
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

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
