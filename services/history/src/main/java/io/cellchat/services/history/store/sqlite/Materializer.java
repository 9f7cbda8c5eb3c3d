package io.cellchat.services.history.store.sqlite;

import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.EventBody;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.MessageBody;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Applies an appended event to the materialized state in the same transaction: message text and tombstones,
 * reactions, titles, members and roles. Deleting a message clears its text, the text of its edits and its reactions.
 */
final class Materializer {

    private Materializer() {}

    static void apply(Connection connection, ChatEvent event) throws SQLException {
        ConversationId id = event.conversation();
        switch (event.body()) {
            case EventBody.MessagePosted posted -> {
                // the events row is the message
            }
            case EventBody.MessageEdited edited -> update(connection,
                    "UPDATE events SET text = ?, edited_at = ? WHERE conversation_id = ? AND seq = ?",
                    text(edited.body()), event.at().toEpochMilli(), id.value(), edited.targetSeq());
            case EventBody.MessageDeleted deleted -> {
                update(connection, "UPDATE events SET text = '', deleted = 1 WHERE conversation_id = ? AND seq = ?",
                        id.value(), deleted.targetSeq());
                update(connection, "UPDATE events SET text = NULL WHERE conversation_id = ? AND kind = 'EDITED'"
                        + " AND target_seq = ?", id.value(), deleted.targetSeq());
                update(connection, "DELETE FROM reactions WHERE conversation_id = ? AND seq = ?",
                        id.value(), deleted.targetSeq());
            }
            case EventBody.ReactionChanged reaction -> {
                if (reaction.added()) {
                    update(connection, "INSERT OR IGNORE INTO reactions (conversation_id, seq, emoji, user_id, at)"
                            + " VALUES (?, ?, ?, ?, ?)", id.value(), reaction.targetSeq(), reaction.emoji(),
                            event.actor(), event.at().toEpochMilli());
                } else {
                    update(connection, "DELETE FROM reactions WHERE conversation_id = ? AND seq = ? AND emoji = ?"
                            + " AND user_id = ?", id.value(), reaction.targetSeq(), reaction.emoji(), event.actor());
                }
            }
            case EventBody.GroupCreated created -> {
                for (Member member : created.members()) {
                    insertMember(connection, id, member, member.userId() == event.actor() ? event.seq() : 0);
                }
            }
            case EventBody.GroupRenamed renamed ->
                    update(connection, "UPDATE conversations SET title = ? WHERE id = ?", renamed.title(), id.value());
            case EventBody.MembersAdded added -> {
                // New members start with everything before they joined marked as seen.
                for (Member member : added.members()) {
                    insertMember(connection, id, member, event.seq());
                }
            }
            case EventBody.MemberRemoved removed -> deleteMember(connection, id, removed.userId());
            case EventBody.MemberLeft left -> deleteMember(connection, id, left.userId());
            case EventBody.RoleChanged changed -> update(connection,
                    "UPDATE members SET role = ? WHERE conversation_id = ? AND user_id = ?",
                    changed.role().name(), id.value(), changed.userId());
        }
    }

    static void insertMember(Connection connection, ConversationId id, Member member, long seenUpTo)
            throws SQLException {
        update(connection, "INSERT INTO members (conversation_id, user_id, role, delivered_seq, seen_seq)"
                + " VALUES (?, ?, ?, ?, ?)", id.value(), member.userId(), member.role().name(), seenUpTo, seenUpTo);
    }

    private static void deleteMember(Connection connection, ConversationId id, long userId) throws SQLException {
        update(connection, "DELETE FROM members WHERE conversation_id = ? AND user_id = ?", id.value(), userId);
    }

    private static String text(MessageBody body) {
        return switch (body) {
            case MessageBody.Text(String text) -> text;
        };
    }

    private static void update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }
}
