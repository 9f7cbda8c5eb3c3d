package io.cellchat.services.history.store.sqlite;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.chat.ChatCommand;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.chat.ChatLog;
import io.cellchat.domain.chat.ChatRules;
import io.cellchat.domain.chat.CommandEnvelope;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationKind;
import io.cellchat.domain.chat.ConversationState;
import io.cellchat.domain.chat.Decision;
import io.cellchat.domain.chat.EventBody;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.Role;
import io.cellchat.domain.chat.TargetMessage;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.id.IdGenerator;
import io.cellchat.platform.sqlite.SqliteDatabase;
import io.cellchat.platform.sqlite.WriterOverloadedException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * The write side and sequencer of the single process, on SQLite.
 *
 * <p>Each command is one unit of the database's group-commit writer. Inside the write transaction it checks the
 * idempotency key, loads the conversation, lets {@link ChatRules} decide, appends the events with the next sequence
 * numbers and updates the materialized state (message text, tombstones, reactions, members, receipts). Because one
 * thread writes and numbers inside the transaction, a committed sequence has no gap and a refused command leaves
 * nothing behind. After the commit the writer thread publishes the deliveries, in commit order.
 */
public final class SqliteChatLog implements ChatLog {

    private final SqliteDatabase database;
    private final ChatRules rules;
    private final IdGenerator ids;
    private final Clock clock;
    private final EventBus bus;

    public SqliteChatLog(SqliteDatabase database, ChatRules rules, IdGenerator ids, Clock clock, EventBus bus) {
        this.database = requireNonNull(database, "database");
        this.rules = requireNonNull(rules, "rules");
        this.ids = requireNonNull(ids, "ids");
        this.clock = requireNonNull(clock, "clock");
        this.bus = requireNonNull(bus, "bus");
        database.migrate("chat");
    }

    private record Outcome(Appended appended, List<Delivery> deliveries) {}

    @Override
    public CompletableFuture<Appended> append(CommandEnvelope command) {
        return database.writer()
                .submit(connection -> apply(connection, command), outcome -> outcome.deliveries().forEach(bus::publish))
                .handle((outcome, error) -> {
                    if (error == null) {
                        return outcome.appended();
                    }
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    if (cause instanceof WriterOverloadedException overloaded) {
                        throw new ChatException(ChatError.UNAVAILABLE,
                                java.util.Objects.requireNonNullElse(overloaded.getMessage(), "writer overloaded"));
                    }
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException(cause);
                });
    }

    private Outcome apply(Connection connection, CommandEnvelope envelope) throws SQLException {
        if (envelope.hasIdempotencyKey()) {
            Appended replay = replay(connection, envelope);
            if (replay != null) {
                return new Outcome(replay, List.of());
            }
        }
        ChatCommand command = envelope.command();
        ConversationId id = command.conversation();
        ConversationState state = loadState(connection, id);
        TargetMessage target = loadTarget(connection, id, targetSeq(command), envelope.actor());
        Decision decision = rules.decide(state, target, envelope.actor(), command);
        return switch (decision) {
            case Decision.NoChange() -> new Outcome(new Appended(id, 0, 0), List.of());
            case Decision.MoveReceipts(Member member) -> {
                updateReceipts(connection, id, member);
                Set<Long> members = requireNonNull(state, "receipts move only in an existing conversation")
                        .members().keySet();
                yield new Outcome(new Appended(id, 0, 0),
                        List.of(new Delivery(members, new Push.ReceiptMoved(id, member))));
            }
            case Decision.Append(List<EventBody> bodies) -> append(connection, envelope, state, bodies);
        };
    }

    private Outcome append(Connection connection, CommandEnvelope envelope, @Nullable ConversationState state,
            List<EventBody> bodies) throws SQLException {
        ConversationId id = envelope.command().conversation();
        Instant now = clock.instant();
        Set<Long> before = state == null ? Set.of() : state.members().keySet();
        if (state == null) {
            createConversation(connection, id, bodies.getFirst(), now);
        }
        long seq = state == null ? 0 : state.lastSeq();
        long messageId = 0;
        List<ChatEvent> events = new ArrayList<>(bodies.size());
        for (EventBody body : bodies) {
            seq++;
            long eventId = ids.next();
            if (body instanceof EventBody.MessagePosted posted) {
                body = EventBody.MessagePosted.posted(posted.body(), posted.replyToSeq(), envelope.idempotencyKey());
                messageId = eventId;
            }
            ChatEvent event = new ChatEvent(id, seq, eventId, envelope.actor(), now, body);
            EventRows.insert(connection, event);
            Materializer.apply(connection, event);
            events.add(event);
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE conversations SET last_seq = ?, last_activity_at = ? WHERE id = ?")) {
            update.setLong(1, seq);
            update.setLong(2, now.toEpochMilli());
            update.setString(3, id.value());
            update.executeUpdate();
        }
        if (envelope.hasIdempotencyKey()) {
            remember(connection, envelope, id, seq, messageId, now);
        }
        Set<Long> recipients = new HashSet<>(before);
        if (state == null && id.isDirect()) {
            for (long user : id.directMembers()) {
                recipients.add(user);
            }
        } else if (bodies.stream().anyMatch(SqliteChatLog::changesMembers)) {
            recipients.addAll(memberIds(connection, id));
        }
        List<Delivery> deliveries = events.stream()
                .map(event -> new Delivery(recipients, new Push.NewEvent(event)))
                .toList();
        return new Outcome(new Appended(id, seq, messageId), deliveries);
    }

    private static boolean changesMembers(EventBody body) {
        return body instanceof EventBody.GroupCreated || body instanceof EventBody.MembersAdded
                || body instanceof EventBody.MemberRemoved || body instanceof EventBody.MemberLeft;
    }

    private static void createConversation(Connection connection, ConversationId id, EventBody first, Instant now)
            throws SQLException {
        String title = first instanceof EventBody.GroupCreated created ? created.title() : "";
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO conversations"
                + " (id, kind, title, last_seq, last_activity_at, created_at) VALUES (?, ?, ?, 0, ?, ?)")) {
            insert.setString(1, id.value());
            insert.setString(2, id.kind().name());
            insert.setString(3, title);
            insert.setLong(4, now.toEpochMilli());
            insert.setLong(5, now.toEpochMilli());
            insert.executeUpdate();
        }
        if (id.isDirect()) {
            for (long user : id.directMembers()) {
                Materializer.insertMember(connection, id, Member.joined(user, Role.MEMBER), 0);
            }
        }
    }

    private static @Nullable ConversationState loadState(Connection connection, ConversationId id)
            throws SQLException {
        String title;
        long lastSeq;
        ConversationKind kind;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT kind, title, last_seq FROM conversations WHERE id = ?")) {
            select.setString(1, id.value());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                kind = ConversationKind.valueOf(row.getString(1));
                title = row.getString(2);
                lastSeq = row.getLong(3);
            }
        }
        Map<Long, Member> members = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT user_id, role, delivered_seq, seen_seq FROM members WHERE conversation_id = ?")) {
            select.setString(1, id.value());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    members.put(rows.getLong(1), new Member(rows.getLong(1), Role.valueOf(rows.getString(2)),
                            rows.getLong(3), rows.getLong(4)));
                }
            }
        }
        return new ConversationState(id, kind, title, lastSeq, members);
    }

    private static long targetSeq(ChatCommand command) {
        return switch (command) {
            case ChatCommand.PostMessage post -> post.replyToSeq();
            case ChatCommand.EditMessage edit -> edit.seq();
            case ChatCommand.DeleteMessage delete -> delete.seq();
            case ChatCommand.React react -> react.seq();
            default -> 0;
        };
    }

    private static @Nullable TargetMessage loadTarget(Connection connection, ConversationId id, long seq, long actor)
            throws SQLException {
        if (seq <= 0) {
            return null;
        }
        long sender;
        boolean deleted;
        String text;
        try (PreparedStatement select = connection.prepareStatement("SELECT actor, deleted, text FROM events"
                + " WHERE conversation_id = ? AND seq = ? AND kind = 'MESSAGE'")) {
            select.setString(1, id.value());
            select.setLong(2, seq);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                sender = row.getLong(1);
                deleted = row.getInt(2) == 1;
                text = row.getString(3);
            }
        }
        Set<String> mine = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT emoji FROM reactions WHERE conversation_id = ? AND seq = ? AND user_id = ?")) {
            select.setString(1, id.value());
            select.setLong(2, seq);
            select.setLong(3, actor);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    mine.add(rows.getString(1));
                }
            }
        }
        return new TargetMessage(seq, sender, deleted, text, mine);
    }

    private static void updateReceipts(Connection connection, ConversationId id, Member member) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE members SET delivered_seq = ?,"
                + " seen_seq = ? WHERE conversation_id = ? AND user_id = ?")) {
            update.setLong(1, member.deliveredSeq());
            update.setLong(2, member.seenSeq());
            update.setString(3, id.value());
            update.setLong(4, member.userId());
            update.executeUpdate();
        }
    }

    private static Set<Long> memberIds(Connection connection, ConversationId id) throws SQLException {
        Set<Long> members = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT user_id FROM members WHERE conversation_id = ?")) {
            select.setString(1, id.value());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    members.add(rows.getLong(1));
                }
            }
        }
        return members;
    }

    /** The first result of this idempotency key, or {@code null}; refuses the key reused for other content. */
    private static @Nullable Appended replay(Connection connection, CommandEnvelope envelope) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT fingerprint, conversation_id, seq,"
                + " message_id FROM idempotency WHERE user_id = ? AND key = ?")) {
            select.setLong(1, envelope.actor());
            select.setString(2, envelope.idempotencyKey());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                if (!row.getString(1).equals(envelope.fingerprint())) {
                    throw new ChatException(ChatError.IDEMPOTENCY_KEY_REUSED, "idempotency_key: "
                            + envelope.idempotencyKey() + " was used for a different request (expected: a new key)");
                }
                return new Appended(new ConversationId(row.getString(2)), row.getLong(3), row.getLong(4));
            }
        }
    }

    private static void remember(Connection connection, CommandEnvelope envelope, ConversationId id, long seq,
            long messageId, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO idempotency (user_id, key,"
                + " fingerprint, conversation_id, seq, message_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, envelope.actor());
            insert.setString(2, envelope.idempotencyKey());
            insert.setString(3, envelope.fingerprint());
            insert.setString(4, id.value());
            insert.setLong(5, seq);
            insert.setLong(6, messageId);
            insert.setLong(7, now.toEpochMilli());
            insert.executeUpdate();
        }
    }
}
