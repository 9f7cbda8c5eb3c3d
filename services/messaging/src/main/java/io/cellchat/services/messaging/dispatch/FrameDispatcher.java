package io.cellchat.services.messaging.dispatch;

import static io.cellchat.domain.error.ChatError.INVALID_ARGUMENT;
import static java.util.Objects.requireNonNull;

import io.cellchat.contracts.v1.Accepted;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.Ok;
import io.cellchat.contracts.v1.Pong;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.domain.account.Identities;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.chat.ChatCommand;
import io.cellchat.domain.chat.ChatLog;
import io.cellchat.domain.chat.ChatReader;
import io.cellchat.domain.chat.CommandEnvelope;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.prefs.ConversationPreferences;
import io.cellchat.domain.social.AccessPolicy;
import io.cellchat.domain.social.Authorization;
import io.cellchat.domain.prefs.PrefsChange;
import io.cellchat.domain.presence.PresenceStatus;
import io.cellchat.services.messaging.MessagingSettings;
import io.cellchat.services.messaging.prefs.PrefsFrames;
import io.cellchat.services.messaging.presence.PresenceTracker;
import io.cellchat.services.messaging.protocol.Commands;
import io.cellchat.services.messaging.protocol.ProtocolMapper;
import io.cellchat.services.messaging.session.Connection;
import io.cellchat.services.messaging.session.OwnEvents;
import io.cellchat.platform.observability.logging.LogContext;
import io.cellchat.services.messaging.telemetry.EdgeMetrics;
import io.cellchat.services.messaging.telemetry.EdgeTelemetry;
import io.cellchat.services.messaging.telemetry.EdgeTracing;
import io.cellchat.services.messaging.telemetry.FrameTrace;
import io.cellchat.services.messaging.telemetry.Frames;
import io.opentelemetry.context.Scope;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Handles each decoded frame of a connection and answers it: commands go to the {@link ChatLog} and are answered
 * with {@code accepted} once durable; queries read the {@link ChatReader} off the event loop; typing and presence
 * are ephemeral. Every failure is answered with an error frame through {@link ErrorMapping}; the connection stays
 * open.
 *
 * <p>Each frame runs in the logging context of its device and conversation; commands and reads also get a span
 * ({@link EdgeTracing}) that lasts until the answer is sent, so a command's span covers the store's append and
 * is the parent of its deliveries.
 */
public final class FrameDispatcher {

    private static final int MAX_REQUEST_ID = 64;
    /** Users are never deleted, so a user seen to exist stays known; bounded, and simply forgotten when full. */
    private static final int MAX_KNOWN_USERS = 200_000;
    private static final org.slf4j.Logger logger = org.slf4j.LoggerFactory.getLogger(FrameDispatcher.class);
    private static final Set<ClientFrame.KindCase> READS = EnumSet.of(ClientFrame.KindCase.LIST_CONVERSATIONS,
            ClientFrame.KindCase.SYNC, ClientFrame.KindCase.HISTORY);

    private final ChatLog log;
    private final ChatReader reader;
    private final Identities accounts;
    private final Authorization authorization;
    private final CommandAuthorization commandAuthorization;
    private final ConversationPreferences prefs;
    private final Queries queries;
    private final Commands commands;
    private final PresenceTracker presence;
    private final EventBus bus;
    private final Executor blocking;
    private final MessagingSettings settings;
    private final EdgeMetrics metrics;
    private final EdgeTracing tracing;
    private final Set<Long> knownUsers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public FrameDispatcher(ChatLog log, ChatReader reader, Identities accounts, Authorization authorization,
            ConversationPreferences prefs, Commands commands, PresenceTracker presence, EventBus bus,
            Executor blocking, MessagingSettings settings, EdgeTelemetry telemetry) {
        this.log = requireNonNull(log, "log");
        this.reader = requireNonNull(reader, "reader");
        this.accounts = requireNonNull(accounts, "accounts");
        this.authorization = requireNonNull(authorization, "authorization");
        this.commandAuthorization = new CommandAuthorization(authorization);
        this.prefs = requireNonNull(prefs, "prefs");
        this.queries = new Queries(reader, accounts, prefs);
        this.commands = requireNonNull(commands, "commands");
        this.presence = requireNonNull(presence, "presence");
        this.bus = requireNonNull(bus, "bus");
        this.blocking = requireNonNull(blocking, "blocking");
        this.settings = requireNonNull(settings, "settings");
        this.metrics = telemetry.metrics();
        this.tracing = telemetry.tracing();
        for (ClientFrame.KindCase kind : ClientFrame.KindCase.values()) {
            if (Commands.isCommand(kind)) {
                metrics.commandKind(kind);
            }
        }
    }

    public void dispatch(Connection connection, ClientFrame frame) {
        String requestId = frame.getRequestId();
        String conversationId = Frames.conversationId(frame);
        FrameTrace trace = Commands.isCommand(frame.getKindCase()) || READS.contains(frame.getKindCase())
                ? tracing.begin(connection.userId(), connection.deviceId(), conversationId, frame) : FrameTrace.NONE;
        try (LogContext ignored = LogContext.of(connection.userId(), connection.deviceId(), conversationId,
                trace.spanContext()); Scope scope = trace.makeCurrent()) {
            try {
                handle(connection, requestId, conversationId, frame, trace);
            } catch (RuntimeException e) {
                // A refusal, bad input (an IllegalArgumentException may carry no message; the error frame needs one),
                // or anything else (an ID that cannot be minted now, a bug): the request gets its answer.
                connection.send(ErrorMapping.error(requestId, e instanceof IllegalArgumentException ? new ChatException(
                        INVALID_ARGUMENT, Objects.requireNonNullElse(e.getMessage(), "invalid argument")) : e));
                trace.end(e);
            }
        }
    }

    private void handle(Connection connection, String requestId, String conversationId, ClientFrame frame,
            FrameTrace trace) {
        EdgeTracing.check(frame);
        if (requestId.length() > MAX_REQUEST_ID) {
            throw new ChatException(INVALID_ARGUMENT,
                    "request_id length: " + requestId.length() + " (expected: <= " + MAX_REQUEST_ID + ")");
        }
        ClientFrame.KindCase kind = frame.getKindCase();
        if (Commands.isCommand(kind)) {
            command(connection, requestId, conversationId, frame, trace);
            return;
        }
        switch (kind) {
            case PING -> connection.send(ServerFrame.newBuilder().setRequestId(requestId)
                    .setPong(Pong.getDefaultInstance()).build());
            case TYPING -> typing(connection, requestId, frame);
            case PRESENCE -> {
                PresenceStatus status = switch (frame.getPresence().getStatus()) {
                    case ONLINE -> PresenceStatus.ONLINE;
                    case AWAY -> PresenceStatus.AWAY;
                    case BUSY -> PresenceStatus.BUSY;
                    default -> throw new ChatException(INVALID_ARGUMENT, "presence.status: "
                            + frame.getPresence().getStatus() + " (expected: ONLINE, AWAY or BUSY)");
                };
                presence.setStatus(connection.userId(), connection.deviceId(), status);
                ok(connection, requestId);
            }
            case WATCH_PRESENCE -> watch(connection, requestId, frame);
            case LIST_CONVERSATIONS -> query(connection, requestId, trace,
                    () -> ServerFrame.newBuilder().setConversations(queries.conversations(connection.userId())));
            case SYNC -> query(connection, requestId, trace, () -> {
                var sync = frame.getSync();
                var result = queries.sync(connection.userId(), sync.getConversationId(), sync.getAfterSeq(),
                        sync.getLimit());
                metrics.synced(result.getEventsCount());
                trace.attribute("cellchat.sync.events", result.getEventsCount());
                return ServerFrame.newBuilder().setSync(result);
            });
            case HISTORY -> query(connection, requestId, trace, () -> {
                var history = frame.getHistory();
                return ServerFrame.newBuilder().setHistory(queries.history(connection.userId(),
                        history.getConversationId(), history.getBeforeSeq(), history.getLimit()));
            });
            case SET_CONVERSATION_PREFS -> setPrefs(connection, requestId, frame);
            default -> throw new ChatException(ChatError.UNKNOWN_FRAME_TYPE,
                    "frame kind: none of the known kinds is set (expected: one of send, sync, ping, ...)");
        }
    }

    private void command(Connection connection, String requestId, String conversationId, ClientFrame frame,
            FrameTrace trace) {
        CommandEnvelope envelope = commands.envelope(connection.principal(), frame);
        if (!(envelope.command() instanceof ChatCommand.MarkReceipt)) {
            presence.active(connection.userId(), connection.deviceId());
        }
        List<Long> named = Commands.namedUsers(connection.principal(), envelope.command());
        // Decided here when the users are known and the facts are in memory (a refusal throws to dispatch); else
        // the users store is read off the event loop.
        CompletableFuture<Void> allowed = knownUsers.containsAll(named)
                && commandAuthorization.checkInMemory(connection.userId(), envelope.command())
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> {
                    requireUsers(named);
                    commandAuthorization.check(connection.userId(), envelope.command());
                }, blocking);
        OwnEvents own = new OwnEvents(connection);
        allowed.thenCompose(ignored -> append(envelope, trace, own)).whenComplete((appended, error) -> {
            try (LogContext ignored = LogContext.of(connection.userId(), connection.deviceId(), conversationId,
                    trace.spanContext())) {
                if (error != null) {
                    own.release();
                    connection.send(ErrorMapping.error(requestId, error));
                    trace.end(error);
                    return;
                }
                metrics.accepted(frame.getKindCase());
                trace.attribute("cellchat.seq", appended.seq());
                var traceFields = trace.toProto();
                own.answer(events -> {
                    ServerFrame.Builder answer = ServerFrame.newBuilder().setRequestId(requestId)
                            .setAccepted(Accepted.newBuilder()
                                    .setConversationId(appended.conversation().value())
                                    .setSeq(appended.seq())
                                    .setMessageId(appended.messageId())
                                    .addAllEvents(events));
                    if (traceFields != null) {
                        answer.setTrace(traceFields);
                    }
                    return answer.build();
                });
                trace.end(null);
                logger.debug("accepted {} in {} at seq {}", frame.getKindCase(), appended.conversation().value(),
                        appended.seq());
            }
        });
    }

    /**
     * Appends to the log under a span of its own, which is the parent of the deliveries the append publishes; those
     * deliveries hold the command's events for the sender's answer ({@link OwnEvents}).
     */
    private CompletableFuture<ChatLog.Appended> append(CommandEnvelope envelope, FrameTrace trace, OwnEvents own) {
        FrameTrace append = tracing.child(trace, "append");
        try (Scope scope = append.makeCurrent(); Scope held = own.makeCurrent()) {
            return log.append(envelope).whenComplete((appended, error) -> append.end(error));
        }
    }

    private void requireUsers(List<Long> userIds) {
        List<Long> unknown = userIds.stream().filter(id -> !knownUsers.contains(id)).toList();
        if (unknown.isEmpty()) {
            return;
        }
        Map<Long, Profile> found = accounts.profiles(unknown);
        for (long id : unknown) {
            if (!found.containsKey(id)) {
                throw new ChatException(ChatError.USER_NOT_FOUND, "no user " + id);
            }
        }
        if (knownUsers.size() > MAX_KNOWN_USERS) {
            knownUsers.clear();
        }
        knownUsers.addAll(unknown);
    }

    private void typing(Connection connection, String requestId, ClientFrame frame) {
        ConversationId conversation = ConversationId.parse(frame.getTyping().getConversationId());
        boolean typing = frame.getTyping().getTyping();
        presence.active(connection.userId(), connection.deviceId());
        query(connection, requestId, () -> {
            Set<Long> members = new HashSet<>(reader.memberIds(conversation));
            if (!members.remove(connection.userId())) {
                throw AccessPolicy.noSuchConversation(conversation);
            }
            if (conversation.isDirect() && members.size() == 1
                    && !authorization.deliversTyping(connection.userId(), members.iterator().next())) {
                members.clear();
            }
            if (!members.isEmpty()) {
                bus.publish(new Delivery(members, new Push.Typing(conversation, connection.userId(), typing)));
            }
            return ServerFrame.newBuilder().setOk(Ok.getDefaultInstance());
        });
    }

    /**
     * A change of the user's own settings of a conversation they are a member of; the users service stores it and
     * pushes the result to every device of the user, so the answer is a plain ok.
     */
    private void setPrefs(Connection connection, String requestId, ClientFrame frame) {
        PrefsChange change = PrefsFrames.change(frame.getSetConversationPrefs());
        CompletableFuture.runAsync(() -> {
            if (!reader.memberIds(change.conversation()).contains(connection.userId())) {
                throw AccessPolicy.noSuchConversation(change.conversation());
            }
        }, blocking).thenCompose(ignored -> prefs.change(connection.userId(), change)).whenComplete((done, error) ->
                connection.send(error == null
                        ? ServerFrame.newBuilder().setRequestId(requestId).setOk(Ok.getDefaultInstance()).build()
                        : ErrorMapping.error(requestId, error)));
    }

    private void watch(Connection connection, String requestId, ClientFrame frame) {
        List<Long> users = frame.getWatchPresence().getUserIdsList();
        if (users.size() > settings.maxWatchedUsers()) {
            throw new ChatException(INVALID_ARGUMENT, "watch_presence.user_ids: " + users.size()
                    + " users (expected: <= " + settings.maxWatchedUsers() + ")");
        }
        for (long user : users) {
            if (user <= 0) { // checked before the set is replaced: a refused watch changes nothing
                throw new ChatException(INVALID_ARGUMENT, "watch_presence.user_ids: " + user
                        + " (expected: user IDs, which are positive)");
            }
        }
        CompletableFuture.supplyAsync(() -> presence.watch(connection.userId(), connection.deviceId(), users), blocking)
                .whenComplete((snapshot, error) -> {
                    if (error != null) {
                        connection.send(ErrorMapping.error(requestId, error));
                        return;
                    }
                    for (var current : snapshot) {
                        connection.send(ServerFrame.newBuilder().setPresence(ProtocolMapper.presence(current)).build());
                    }
                    ok(connection, requestId);
                });
    }

    /** Runs a blocking read off the event loop and answers with its frame, or the error. */
    private void query(Connection connection, String requestId, Supplier<ServerFrame.Builder> read) {
        query(connection, requestId, FrameTrace.NONE, read);
    }

    private void query(Connection connection, String requestId, FrameTrace trace, Supplier<ServerFrame.Builder> read) {
        CompletableFuture.supplyAsync(read, blocking).whenComplete((frame, error) -> {
            try (LogContext ignored = LogContext.of(connection.userId(), connection.deviceId(), null,
                    trace.spanContext())) {
                connection.send(error == null ? frame.setRequestId(requestId).build()
                        : ErrorMapping.error(requestId, error));
                trace.end(error);
            }
        });
    }

    private static void ok(Connection connection, String requestId) {
        connection.send(ServerFrame.newBuilder().setRequestId(requestId).setOk(Ok.getDefaultInstance()).build());
    }
}
