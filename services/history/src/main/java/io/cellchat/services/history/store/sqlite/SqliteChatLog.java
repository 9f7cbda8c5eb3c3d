package io.cellchat.services.history.store.sqlite;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ChatLog;
import io.cellchat.domain.chat.ChatRules;
import io.cellchat.domain.chat.CommandEnvelope;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationState;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.Role;
import io.cellchat.domain.chat.sequencing.IdempotencyRecord;
import io.cellchat.domain.chat.sequencing.Sequenced;
import io.cellchat.domain.chat.sequencing.Sequencer;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.id.IdGenerator;
import io.cellchat.platform.sqlite.SqliteDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The write side and sequencer of the single process, on SQLite.
 *
 * <p>Each command is one unit of the database's group-commit writer. Inside the write transaction the shared
 * {@link Sequencer} decides and numbers it against the tables ({@link SqliteSequencerState}); this class stores the
 * outcome: the events, the materialized state (message text, tombstones, reactions, members, receipts), the
 * conversation's latest sequence number and the idempotency record. Because one thread writes and numbers inside the
 * transaction, a committed sequence has no gap and a refused command leaves nothing behind. After the commit the
 * publisher thread publishes the deliveries, in commit order.
 */
public final class SqliteChatLog implements ChatLog {

    private final SqliteDatabase database;
    private final Sequencer sequencer;
    private final EventBus bus;

    public SqliteChatLog(SqliteDatabase database, ChatRules rules, IdGenerator ids, Clock clock, EventBus bus) {
        this.database = requireNonNull(database, "database");
        this.sequencer = new Sequencer(rules, ids, clock);
        this.bus = requireNonNull(bus, "bus");
        database.migrate("chat");
    }

    @Override
    public CompletableFuture<Appended> append(CommandEnvelope command) {
        return database.writer()
                .submit(connection -> apply(connection, command), sequenced -> sequenced.deliveries().forEach(bus::publish))
                .handle((sequenced, error) -> {
                    if (error == null) {
                        return sequenced.appended();
                    }
                    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
                    if (cause instanceof RuntimeException runtime) {
                        throw runtime;
                    }
                    throw new IllegalStateException(cause);
                });
    }

    private Sequenced apply(Connection connection, CommandEnvelope envelope) throws SQLException {
        Sequenced sequenced = sequencer.sequence(envelope, new SqliteSequencerState(connection));
        switch (sequenced) {
            case Sequenced.Unchanged unchanged -> { }
            case Sequenced.ReceiptsMoved moved -> updateReceipts(connection, moved.conversation().id(), moved.member());
            case Sequenced.EventsAppended appended -> store(connection, appended);
        }
        return sequenced;
    }

    private static void store(Connection connection, Sequenced.EventsAppended appended) throws SQLException {
        ConversationState conversation = appended.conversation();
        ConversationId id = conversation.id();
        Instant at = appended.events().getLast().at();
        if (appended.created()) {
            createConversation(connection, conversation, at);
        }
        for (ChatEvent event : appended.events()) {
            EventRows.insert(connection, event);
            Materializer.apply(connection, event);
        }
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE conversations SET last_seq = ?, last_activity_at = ? WHERE id = ?")) {
            update.setLong(1, conversation.lastSeq());
            update.setLong(2, at.toEpochMilli());
            update.setString(3, id.value());
            update.executeUpdate();
        }
        if (appended.remembered().isPresent()) {
            remember(connection, appended.remembered().get());
        }
    }

    private static void createConversation(Connection connection, ConversationState conversation, Instant now)
            throws SQLException {
        ConversationId id = conversation.id();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO conversations"
                + " (id, kind, title, last_seq, last_activity_at, created_at) VALUES (?, ?, ?, 0, ?, ?)")) {
            insert.setString(1, id.value());
            insert.setString(2, id.kind().name());
            insert.setString(3, conversation.title());
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

    private static void remember(Connection connection, IdempotencyRecord record) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO idempotency (user_id, key,"
                + " fingerprint, conversation_id, seq, message_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, record.actor());
            insert.setString(2, record.key());
            insert.setString(3, record.fingerprint());
            insert.setString(4, record.conversation().value());
            insert.setLong(5, record.seq());
            insert.setLong(6, record.messageId());
            insert.setLong(7, record.at().toEpochMilli());
            insert.executeUpdate();
        }
    }
}
