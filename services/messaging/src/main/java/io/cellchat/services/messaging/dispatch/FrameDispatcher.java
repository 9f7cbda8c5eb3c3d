package io.cellchat.services.messaging.dispatch;

import static io.cellchat.domain.error.ChatError.INVALID_ARGUMENT;
import static java.util.Objects.requireNonNull;

import io.cellchat.contracts.v1.Accepted;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.Ok;
import io.cellchat.contracts.v1.Pong;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.domain.account.Accounts;
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
import io.cellchat.domain.prefs.PrefsChange;
import io.cellchat.domain.presence.PresenceStatus;
import io.cellchat.services.messaging.MessagingSettings;
import io.cellchat.services.messaging.prefs.PrefsFrames;
import io.cellchat.services.messaging.presence.PresenceTracker;
import io.cellchat.services.messaging.protocol.Commands;
import io.cellchat.services.messaging.protocol.ProtocolMapper;
import io.cellchat.services.messaging.session.Connection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
 */
public final class FrameDispatcher {

    private static final int MAX_REQUEST_ID = 64;
    /** Users are never deleted, so a user seen to exist stays known; bounded, and simply forgotten when full. */
    private static final int MAX_KNOWN_USERS = 200_000;

    private final ChatLog log;
    private final ChatReader reader;
    private final Accounts accounts;
    private final ConversationPreferences prefs;
    private final Queries queries;
    private final Commands commands;
    private final PresenceTracker presence;
    private final EventBus bus;
    private final Executor blocking;
    private final MessagingSettings settings;
    private final Counter commandsAccepted;
    private final Set<Long> knownUsers = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public FrameDispatcher(ChatLog log, ChatReader reader, Accounts accounts, ConversationPreferences prefs,
            Commands commands, PresenceTracker presence, EventBus bus, Executor blocking, MessagingSettings settings,
            MeterRegistry metrics) {
        this.log = requireNonNull(log, "log");
        this.reader = requireNonNull(reader, "reader");
        this.accounts = requireNonNull(accounts, "accounts");
        this.prefs = requireNonNull(prefs, "prefs");
        this.queries = new Queries(reader, accounts, prefs);
        this.commands = requireNonNull(commands, "commands");
        this.presence = requireNonNull(presence, "presence");
        this.bus = requireNonNull(bus, "bus");
        this.blocking = requireNonNull(blocking, "blocking");
        this.settings = requireNonNull(settings, "settings");
        this.commandsAccepted = Counter.builder("cellchat.commands.accepted")
                .description("commands made durable").register(metrics);
    }

    public void dispatch(Connection connection, ClientFrame frame) {
        String requestId = frame.getRequestId();
        try {
            if (requestId.length() > MAX_REQUEST_ID) {
                throw new ChatException(INVALID_ARGUMENT,
                        "request_id length: " + requestId.length() + " (expected: <= " + MAX_REQUEST_ID + ")");
            }
            ClientFrame.KindCase kind = frame.getKindCase();
            if (Commands.isCommand(kind)) {
                command(connection, requestId, frame);
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
                case LIST_CONVERSATIONS -> query(connection, requestId,
                        () -> ServerFrame.newBuilder().setConversations(queries.conversations(connection.userId())));
                case SYNC -> query(connection, requestId, () -> {
                    var sync = frame.getSync();
                    return ServerFrame.newBuilder().setSync(queries.sync(connection.userId(),
                            sync.getConversationId(), sync.getAfterSeq(), sync.getLimit()));
                });
                case HISTORY -> query(connection, requestId, () -> {
                    var history = frame.getHistory();
                    return ServerFrame.newBuilder().setHistory(queries.history(connection.userId(),
                            history.getConversationId(), history.getBeforeSeq(), history.getLimit()));
                });
                case SET_CONVERSATION_PREFS -> setPrefs(connection, requestId, frame);
                default -> throw new ChatException(ChatError.UNKNOWN_FRAME_TYPE,
                        "frame kind: none of the known kinds is set (expected: one of send, sync, ping, ...)");
            }
        } catch (ChatException | IllegalArgumentException e) {
            // An IllegalArgumentException may carry no message; the error frame needs one.
            connection.send(ErrorMapping.error(requestId, e instanceof ChatException ? e : new ChatException(
                    INVALID_ARGUMENT, Objects.requireNonNullElse(e.getMessage(), "invalid argument"))));
        }
    }

    private void command(Connection connection, String requestId, ClientFrame frame) {
        CommandEnvelope envelope = commands.envelope(connection.principal(), frame);
        if (!(envelope.command() instanceof ChatCommand.MarkReceipt)) {
            presence.active(connection.userId(), connection.deviceId());
        }
        List<Long> named = Commands.namedUsers(connection.principal(), envelope.command());
        CompletableFuture<Void> usersExist = knownUsers.containsAll(named)
                ? CompletableFuture.completedFuture(null)
                : CompletableFuture.runAsync(() -> requireUsers(named), blocking);
        usersExist.thenCompose(ignored -> log.append(envelope)).whenComplete((appended, error) -> {
            if (error != null) {
                connection.send(ErrorMapping.error(requestId, error));
                return;
            }
            commandsAccepted.increment();
            connection.send(ServerFrame.newBuilder().setRequestId(requestId).setAccepted(Accepted.newBuilder()
                    .setConversationId(appended.conversation().value())
                    .setSeq(appended.seq())
                    .setMessageId(appended.messageId())).build());
        });
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
                throw new ChatException(ChatError.NOT_A_MEMBER, "not a member of " + conversation);
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
                throw new ChatException(ChatError.NOT_A_MEMBER, "not a member of " + change.conversation());
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
        var snapshot = presence.watch(connection.userId(), connection.deviceId(), users);
        for (var current : snapshot) {
            connection.send(ServerFrame.newBuilder().setPresence(ProtocolMapper.presence(current)).build());
        }
        ok(connection, requestId);
    }

    /** Runs a blocking read off the event loop and answers with its frame, or the error. */
    private void query(Connection connection, String requestId, Supplier<ServerFrame.Builder> read) {
        CompletableFuture.supplyAsync(read, blocking).whenComplete((frame, error) -> connection.send(error == null
                ? frame.setRequestId(requestId).build()
                : ErrorMapping.error(requestId, error)));
    }

    private static void ok(Connection connection, String requestId) {
        connection.send(ServerFrame.newBuilder().setRequestId(requestId).setOk(Ok.getDefaultInstance()).build());
    }
}
