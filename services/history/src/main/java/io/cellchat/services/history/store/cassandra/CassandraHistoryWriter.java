package io.cellchat.services.history.store.cassandra;

import static io.cellchat.services.history.store.cassandra.HistoryStatements.bucket;
import static java.util.Objects.requireNonNull;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.cellchat.backplane.SequencedCodec.Change;
import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.EventBody;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.Role;
import io.cellchat.platform.cassandra.CassandraTracing;
import io.cellchat.platform.observability.tracing.Tracing;
import io.cellchat.platform.observability.tracing.TracingSettings;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Semaphore;

/**
 * Writes a poll of {@code chat.events} to the Cassandra history, in three phases so readers never see a gap
 * (docs/design/cell.md, "Snapshot for readers"):
 *
 * <ol>
 *   <li>the event rows and what they change: message state (edits, tombstones), reactions, members and roles,
 *       receipt marks, and the list rows of members who join or leave;</li>
 *   <li>the texts of the edits of messages deleted in this poll, blanked (they are known only once phase 1 wrote
 *       the messages' {@code edits});</li>
 *   <li>the conversation headers and every recipient's list row ({@code last_seq}, activity, latest message),
 *       coalesced to one write per conversation and per (user, conversation) for the poll.</li>
 * </ol>
 *
 * Every statement is versioned ({@link Versions}), so {@link #write} may be repeated for the same poll, or an older
 * one, and leaves the same state. It returns when everything is written at LOCAL_QUORUM, and throws otherwise.
 */
public final class CassandraHistoryWriter {

    private final CqlSession session;
    private final HistoryStatements statements;
    private final Semaphore permits;
    private final CassandraTracing tracing;

    public CassandraHistoryWriter(CqlSession session, int maxInFlight) {
        this(session, maxInFlight, Tracing.start(TracingSettings.off("cellchat-history")));
    }

    /** @param tracing each statement in a client span of the message whose context is current ({@link #write}) */
    public CassandraHistoryWriter(CqlSession session, int maxInFlight, Tracing tracing) {
        this.session = requireNonNull(session, "session");
        this.tracing = new CassandraTracing(tracing);
        this.statements = new HistoryStatements(session);
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("materializer.max-in-flight: " + maxInFlight + " (expected: >= 1)");
        }
        this.permits = new Semaphore(maxInFlight);
    }

    private record Latest(long seq, Instant at, int memberCount) {}

    private record Deleted(ConversationId conversation, long targetSeq, long seq) {}

    /** Writes the changes of one poll, in their order. */
    public void write(List<Change> changes) {
        write(changes, List.of());
    }

    /**
     * Writes the changes of one poll, in their order, each change's statements in its trace: the rows of change
     * {@code i} are sent in {@code contexts.get(i)}, and the coalesced rows of a conversation in the context of the
     * poll's last change to it.
     *
     * @param contexts one per change, or empty when the poll is not traced
     */
    public void write(List<Change> changes, List<Context> contexts) {
        if (!contexts.isEmpty() && contexts.size() != changes.size()) {
            throw new IllegalArgumentException("contexts: " + contexts.size() + " (expected: " + changes.size() + ")");
        }
        InFlight writes = new InFlight(session, permits, tracing);
        Map<ConversationId, Context> traces = new HashMap<>();
        Map<ConversationId, Latest> headers = new LinkedHashMap<>();
        Map<ListKey, Latest> lists = new LinkedHashMap<>();
        Map<ListKey, Long> lastMessages = new HashMap<>();
        Map<ConversationId, String> titles = new HashMap<>();
        List<Deleted> deleted = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            Change change = changes.get(i);
            if (!contexts.isEmpty()) {
                traces.put(change.conversation(), contexts.get(i));
            }
            try (Scope scope = (contexts.isEmpty() ? Context.current() : contexts.get(i)).makeCurrent()) {
                rows(writes, change, headers, lists, lastMessages, titles, deleted);
            }
        }
        writes.await();
        for (Deleted message : deleted) {
            try (Scope scope = traceOf(traces, message.conversation()).makeCurrent()) {
                blankEdits(writes, message);
            }
        }
        writes.await();
        headers.forEach((conversation, latest) -> {
            try (Scope scope = traceOf(traces, conversation).makeCurrent()) {
                writes.submit(statements.advanceConversation.bind(Versions.event(latest.seq()), latest.seq(),
                        latest.at(), latest.memberCount(), conversation.value()));
            }
        });
        lists.forEach((key, latest) -> {
            try (Scope scope = traceOf(traces, key.conversation()).makeCurrent()) {
                writes.submit(statements.advanceList.bind(Versions.event(latest.seq()), latest.seq(), latest.at(),
                        latest.memberCount(), key.user(), key.conversation().value()));
            }
        });
        lastMessages.forEach((key, seq) -> {
            try (Scope scope = traceOf(traces, key.conversation()).makeCurrent()) {
                writes.submit(statements.listLastMessage.bind(Versions.event(seq), seq, key.user(),
                        key.conversation().value()));
            }
        });
        writes.await();
    }

    /** The context of the poll's last change to {@code conversation}, or the current one when untraced. */
    private static Context traceOf(Map<ConversationId, Context> traces, ConversationId conversation) {
        Context context = traces.get(conversation);
        return context == null ? Context.current() : context;
    }

    /** Phase 1 of one change: its rows, and what it adds to the poll's coalesced writes. */
    private void rows(InFlight writes, Change change, Map<ConversationId, Latest> headers, Map<ListKey, Latest> lists,
            Map<ListKey, Long> lastMessages, Map<ConversationId, String> titles, List<Deleted> deleted) {
        if (change.receipt() != null) {
            marks(writes, change.conversation(), change.receipt());
        }
        for (ChatEvent event : change.events()) {
            int count = change.recipients().size() - (removes(event.body()) ? 1 : 0);
            Latest latest = new Latest(event.seq(), event.at(), count);
            eventRows(writes, event, change.recipients(), titles, deleted);
            headers.put(event.conversation(), latest);
            for (long user : change.recipients()) {
                ListKey key = new ListKey(user, event.conversation());
                lists.put(key, latest);
                if (event.body() instanceof EventBody.MessagePosted) {
                    lastMessages.put(key, event.seq());
                }
            }
        }
    }

    private record ListKey(long user, ConversationId conversation) {}

    // The driver marks bind's varargs @NonNull, but a null element is a CQL null, which the columns of other kinds are.
    @SuppressWarnings("NullAway")
    private void eventRows(InFlight writes, ChatEvent event, Set<Long> recipients, Map<ConversationId, String> titles,
            List<Deleted> deleted) {
        ConversationId id = event.conversation();
        String conversation = id.value();
        long version = Versions.event(event.seq());
        EventRows.Columns columns = EventRows.columns(event);
        writes.submit(statements.insertEvent.bind(conversation, bucket(event.seq()), event.seq(), event.eventId(),
                event.actor(), event.at(), columns.kind(), columns.targetSeq(), columns.text(), columns.flag(),
                columns.members(), columns.idempotencyKey(), version));
        if (event.seq() == 1 && id.isDirect()) {
            writes.submit(statements.createConversation.bind(version, "DIRECT", conversation));
            for (long user : id.directMembers()) {
                join(writes, id, Member.joined(user, Role.MEMBER), "DIRECT", "", version);
            }
        }
        switch (event.body()) {
            case EventBody.MessagePosted posted -> { }
            case EventBody.MessageEdited edited -> writes.submit(statements.editMessage.bind(version,
                    EventRows.text(edited.body()), event.at(), Set.of(event.seq()), conversation,
                    bucket(edited.targetSeq()), edited.targetSeq()));
            case EventBody.MessageDeleted gone -> {
                writes.submit(statements.deleteMessage.bind(version, conversation, bucket(gone.targetSeq()),
                        gone.targetSeq()));
                writes.submit(statements.removeReactionsOfMessage.bind(version, conversation,
                        bucket(gone.targetSeq()), gone.targetSeq()));
                deleted.add(new Deleted(id, gone.targetSeq(), event.seq()));
            }
            case EventBody.ReactionChanged reaction -> writes.submit(reaction.added()
                    ? statements.addReaction.bind(conversation, bucket(reaction.targetSeq()), reaction.targetSeq(),
                            reaction.emoji(), event.actor(), event.at(), version)
                    : statements.removeReaction.bind(version, conversation, bucket(reaction.targetSeq()),
                            reaction.targetSeq(), reaction.emoji(), event.actor()));
            case EventBody.GroupCreated created -> {
                writes.submit(statements.createConversation.bind(version, "GROUP", conversation));
                writes.submit(statements.setTitle.bind(version, created.title(), conversation));
                titles.put(id, created.title());
                for (Member member : created.members()) {
                    long marks = member.userId() == event.actor() ? event.seq() : 0;
                    join(writes, id, new Member(member.userId(), member.role(), marks, marks), "GROUP",
                            created.title(), version);
                }
            }
            case EventBody.GroupRenamed renamed -> {
                writes.submit(statements.setTitle.bind(version, renamed.title(), conversation));
                titles.put(id, renamed.title());
                for (long user : recipients) {
                    writes.submit(statements.listTitle.bind(version, renamed.title(), user, conversation));
                }
            }
            case EventBody.MembersAdded added -> {
                String title = titles.computeIfAbsent(id, this::storedTitle);
                for (Member member : added.members()) {
                    join(writes, id, new Member(member.userId(), member.role(), event.seq(), event.seq()), "GROUP",
                            title, version);
                }
            }
            case EventBody.MemberRemoved removed -> leave(writes, id, removed.userId(), version);
            case EventBody.MemberLeft left -> leave(writes, id, left.userId(), version);
            case EventBody.RoleChanged changed -> {
                writes.submit(statements.setRole.bind(version, changed.role().name(), conversation, changed.userId()));
                writes.submit(statements.listRole.bind(version, changed.role().name(), changed.userId(), conversation));
            }
        }
    }

    private void join(InFlight writes, ConversationId id, Member member, String kind, String title, long version) {
        writes.submit(statements.upsertMember.bind(id.value(), member.userId(), member.role().name(),
                member.deliveredSeq(), member.seenSeq(), version));
        writes.submit(statements.joinList.bind(version, kind, title, member.role().name(), member.deliveredSeq(),
                member.seenSeq(), member.userId(), id.value()));
    }

    private void leave(InFlight writes, ConversationId id, long user, long version) {
        writes.submit(statements.deleteMember.bind(version, id.value(), user));
        writes.submit(statements.leaveList.bind(version, user, id.value()));
    }

    private void marks(InFlight writes, ConversationId id, Member member) {
        long version = Versions.mark(member.deliveredSeq());
        writes.submit(statements.memberMarks.bind(version, member.deliveredSeq(), member.seenSeq(), id.value(),
                member.userId()));
        writes.submit(statements.listMarks.bind(version, member.deliveredSeq(), member.seenSeq(), member.userId(),
                id.value()));
    }

    private void blankEdits(InFlight writes, Deleted message) {
        Row row = session.execute(statements.messageEdits.bind(message.conversation().value(),
                bucket(message.targetSeq()), message.targetSeq())).one();
        Set<Long> edits = row == null ? Set.of() : java.util.Objects.requireNonNullElse(row.getSet("edits", Long.class), Set.of());
        for (long edit : edits) {
            writes.submit(statements.blankEdit.bind(Versions.event(message.seq()), message.conversation().value(),
                    bucket(edit), edit));
        }
    }

    /** The title of a group written by an earlier poll (they are complete before this one starts). */
    private String storedTitle(ConversationId id) {
        Row row = session.execute(statements.selectConversation.bind(id.value())).one();
        return row == null || row.getString("title") == null ? "" : row.getString("title");
    }

    private static boolean removes(EventBody body) {
        return body instanceof EventBody.MemberRemoved || body instanceof EventBody.MemberLeft;
    }
}
