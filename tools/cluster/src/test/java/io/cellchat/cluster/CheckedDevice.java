package io.cellchat.cluster;

import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.ConversationSummary;
import io.cellchat.contracts.v1.Event;
import io.cellchat.contracts.v1.ListConversations;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.SendMessage;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Sync;
import io.cellchat.testing.client.TestChatClient;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One device of the fault test, following the protocol's rules for clients (docs/protocol.md, section 7) the way a
 * real client must: it asks the gateway where to connect, follows {@code reconnect} hints, keeps a contiguous window
 * per conversation (applies a live event only when it is the next one, syncs on a gap, lists and syncs after every
 * connect), and resends every unconfirmed message with its idempotency key after a reconnect or a retriable error.
 * It sends one message at a time to its conversations, in turn, at the scenario's pace.
 *
 * <p>Everything runs on one virtual thread fed by a queue (frames come from the socket's thread), so the device's
 * state needs no locks; what the test reads afterwards is read once the thread has finished.
 */
final class CheckedDevice implements Runnable {

    /** One connection of the device: when its welcome came, on which server, and how it ended. */
    record Session(long welcomeNanos, int serverPort, long closedNanos, int closeCode) {}

    /** An event as the device holds it: its ID, and for a posted message its idempotency key. */
    record Held(long eventId, @Nullable String key) {}

    private record Inbound(int generation, ServerFrame frame) {}

    private record Closed(int generation, int code) {}

    private record Unconfirmed(String conversation, String key) {}

    private final String name;
    private final String token;
    private final Gateway gateway;
    private final FaultLedger ledger;
    private final List<String> conversations;
    private final Duration interval;
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final Map<String, List<Held>> windows = new HashMap<>();
    private final Map<String, Long> known = new HashMap<>();
    private final Map<String, Boolean> syncing = new HashMap<>();
    private final Map<String, Unconfirmed> unconfirmed = new LinkedHashMap<>();
    private final Map<String, String> requests = new HashMap<>();
    private final List<Session> sessions = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile boolean sending = true;
    private volatile boolean finishing;
    private volatile boolean stopped;
    private volatile @Nullable TestChatClient connection;
    private @Nullable URI hint;
    private volatile long welcomeNanos;
    private volatile int serverPort;
    private int generation;
    private long nextSendNanos;
    private int sent;
    private int turn;
    private long requestIds;
    private boolean listed;
    private boolean finalList;
    private volatile int unconfirmedCount;

    CheckedDevice(String name, String token, Gateway gateway, FaultLedger ledger, List<String> conversations,
            Duration interval) {
        this.name = name;
        this.token = token;
        this.gateway = gateway;
        this.ledger = ledger;
        this.conversations = List.copyOf(conversations);
        this.interval = interval;
        conversations.forEach(c -> windows.put(c, new ArrayList<>()));
    }

    String name() {
        return name;
    }

    /** Stops new messages; unconfirmed ones are still resent until confirmed. */
    void stopSending() {
        sending = false;
    }

    /**
     * Lists the conversations once more and syncs every one up to its last sequence, then completes; the device
     * then stops. Call it once every device's messages are confirmed ({@link #unconfirmedCount()} is 0 everywhere),
     * so the list it asks for is the final state.
     */
    CompletableFuture<Void> finish() {
        finishing = true;
        return finished;
    }

    void stop() {
        stopped = true;
        inbox.add(Boolean.TRUE);
    }

    /** The port of the server this device is connected to (0 between connections). */
    int serverPort() {
        return connection == null ? 0 : serverPort;
    }

    List<Session> sessions() {
        synchronized (sessions) {
            return List.copyOf(sessions);
        }
    }

    /** The welcome time of the open connection, or 0. */
    long openSince() {
        return connection == null ? 0 : welcomeNanos;
    }

    Map<String, List<Held>> windows() {
        return windows;
    }

    List<String> violations() {
        return violations;
    }

    /** Messages sent and not yet confirmed by {@code accepted} (readable from any thread). */
    int unconfirmedCount() {
        return unconfirmedCount;
    }

    @Override
    public void run() {
        try {
            while (!stopped && !finished.isDone()) {
                connect();
                if (connection != null) {
                    serve(connection);
                }
            }
        } catch (Exception e) {
            violations.add(name + ": the device failed: " + e);
            finished.completeExceptionally(e);
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private void connect() throws InterruptedException {
        URI target = hint;
        hint = null;
        if (target == null) {
            target = gateway.whereToConnect(token);
        }
        if (target == null) {
            Thread.sleep(200);
            return;
        }
        int current = ++generation;
        TestChatClient opened;
        try {
            opened = TestChatClient.connect(target, token, "cellchat.v1.proto",
                    frame -> inbox.add(new Inbound(current, frame)));
        } catch (Exception | AssertionError e) {
            // Refused (a dead server still listed), closed before the welcome (moved), or a handshake timeout;
            // Netty throws its connect failures undeclared, hence Exception.
            Thread.sleep(200);
            return;
        }
        welcomeNanos = System.nanoTime();
        serverPort = target.getPort();
        connection = opened;
        opened.closed().whenComplete((frame, error) -> inbox.add(new Closed(current,
                frame == null ? 1006 : frame.status().code())));
    }

    private void serve(TestChatClient open) throws InterruptedException {
        listed = false;
        syncing.clear();
        requests.clear();
        send(open, ClientFrame.newBuilder().setListConversations(ListConversations.getDefaultInstance()), "list");
        unconfirmed.values().forEach(u -> sendMessage(open, u));
        while (!stopped) {
            tick(open);
            Object item = inbox.poll(50, TimeUnit.MILLISECONDS);
            if (item instanceof Closed(int which, int code) && which == generation) {
                synchronized (sessions) {
                    sessions.add(new Session(welcomeNanos, serverPort, System.nanoTime(), code));
                }
                connection = null;
                return;
            }
            if (item instanceof Inbound(int which, ServerFrame frame) && which == generation) {
                received(open, frame);
            }
            if (finished.isDone()) {
                synchronized (sessions) {
                    sessions.add(new Session(welcomeNanos, serverPort, 0, 0));
                }
                return;
            }
        }
    }

    private void tick(TestChatClient open) {
        long now = System.nanoTime();
        if (sending && unconfirmed.isEmpty() && now >= nextSendNanos) {
            nextSendNanos = now + (long) (interval.toNanos() * (0.5 + ThreadLocalRandom.current().nextDouble()));
            String conversation = conversations.get(turn++ % conversations.size());
            Unconfirmed message = new Unconfirmed(conversation, name + "-" + (++sent));
            unconfirmed.put(message.key(), message);
            sendMessage(open, message);
        }
        if (finishing && !finalList && listed) {
            finalList = true;
            listed = false;
            send(open, ClientFrame.newBuilder().setListConversations(ListConversations.getDefaultInstance()), "list");
        }
        if (finalList && unconfirmed.isEmpty() && listed && syncing.isEmpty() && caughtUp()) {
            finished.complete(null);
        }
        unconfirmedCount = unconfirmed.size();
    }

    private boolean caughtUp() {
        return known.entrySet().stream().allMatch(e -> windows.get(e.getKey()).size() >= e.getValue());
    }

    private void sendMessage(TestChatClient open, Unconfirmed message) {
        send(open, ClientFrame.newBuilder().setSend(SendMessage.newBuilder().setConversationId(message.conversation())
                .setIdempotencyKey(message.key()).setBody(MessageBody.newBuilder().setText(message.key()))),
                "send:" + message.key());
    }

    private void send(TestChatClient open, ClientFrame.Builder frame, String purpose) {
        String id = "r" + (++requestIds);
        requests.put(id, purpose);
        try {
            open.send(frame.setRequestId(id));
        } catch (RuntimeException e) {
            // The socket is going; the close arrives through the queue.
        }
    }

    private void received(TestChatClient open, ServerFrame frame) {
        String purpose = frame.getRequestId().isEmpty() ? null : requests.remove(frame.getRequestId());
        switch (frame.getKindCase()) {
            case ACCEPTED -> {
                if (purpose != null && purpose.startsWith("send:")) {
                    String key = purpose.substring(5);
                    unconfirmed.remove(key);
                    ledger.accepted(name, frame.getAccepted().getConversationId(), key, frame.getAccepted().getSeq(),
                            frame.getAccepted().getMessageId());
                }
            }
            case ERROR -> error(open, purpose, frame);
            case EVENT -> live(open, frame.getEvent());
            case CONVERSATIONS -> {
                listed = true;
                for (ConversationSummary summary : frame.getConversations().getConversationsList()) {
                    String id = summary.getConversationId();
                    if (windows.containsKey(id)) {
                        known.merge(id, summary.getLastSeq(), Math::max);
                        syncIfBehind(open, id);
                    }
                }
            }
            case SYNC -> {
                String id = frame.getSync().getConversationId();
                syncing.remove(id);
                for (Event event : frame.getSync().getEventsList()) {
                    if (!apply(event)) {
                        violations.add(name + ": sync of " + id + " returned seq " + event.getSeq() + " after "
                                + windows.get(id).size() + " (a gap inside a sync answer)");
                        return;
                    }
                }
                known.merge(id, frame.getSync().getLastSeq(), Math::max);
                syncIfBehind(open, id);
            }
            case RECONNECT -> {
                String address = frame.getReconnect().getAddress();
                hint = address.isEmpty() ? null : URI.create(address.replaceFirst("^http", "ws") + "/ws/v1");
            }
            default -> {
                // receipts, presence, typing: not what this test checks
            }
        }
    }

    private void error(TestChatClient open, @Nullable String purpose, ServerFrame frame) {
        var error = frame.getError();
        if (purpose == null) {
            if (!error.getRetriable()) {
                violations.add(name + ": error without a request: " + error);
            }
            return;
        }
        if (!error.getRetriable()) {
            violations.add(name + ": " + purpose + " refused for good: " + error.getCode() + " " + error.getMessage());
            return;
        }
        if (purpose.startsWith("send:")) {
            ledger.refused(error.getCode().name());
            Unconfirmed message = unconfirmed.get(purpose.substring(5));
            if (message != null) {
                retryLater(open, () -> sendMessage(open, message));
            }
        } else if (purpose.equals("list")) {
            retryLater(open, () -> send(open, ClientFrame.newBuilder()
                    .setListConversations(ListConversations.getDefaultInstance()), "list"));
        } else if (purpose.startsWith("sync:")) {
            String id = purpose.substring(5);
            syncing.remove(id);
            retryLater(open, () -> syncIfBehind(open, id));
        }
    }

    /** A retriable refusal: try again after a short pause (the device's thread sleeps; frames wait in the queue). */
    private void retryLater(TestChatClient open, Runnable retry) {
        try {
            Thread.sleep(300);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (connection == open) {
            retry.run();
        }
    }

    private void live(TestChatClient open, Event event) {
        String id = event.getConversationId();
        List<Held> window = windows.get(id);
        if (window == null) {
            return;
        }
        known.merge(id, event.getSeq(), Math::max);
        if (event.getSeq() <= window.size() + 1) {
            apply(event);
        } else {
            syncIfBehind(open, id);
        }
    }

    /** Applies the next event, or checks a duplicate against what is held; false for a gap. */
    private boolean apply(Event event) {
        List<Held> window = windows.get(event.getConversationId());
        long seq = event.getSeq();
        String key = event.hasMessage() ? event.getMessage().getIdempotencyKey() : null;
        if (seq <= window.size()) {
            Held held = window.get((int) seq - 1);
            if (held.eventId() != event.getEventId()) {
                violations.add(name + ": " + event.getConversationId() + " seq " + seq + " came as event "
                        + event.getEventId() + " and as event " + held.eventId());
            }
            return true;
        }
        if (seq != window.size() + 1) {
            return false;
        }
        window.add(new Held(event.getEventId(), key));
        return true;
    }

    private void syncIfBehind(TestChatClient open, String id) {
        long high = windows.get(id).size();
        if (high < known.getOrDefault(id, 0L) && !syncing.containsKey(id)) {
            syncing.put(id, Boolean.TRUE);
            send(open, ClientFrame.newBuilder().setSync(Sync.newBuilder().setConversationId(id).setAfterSeq(high)),
                    "sync:" + id);
        }
    }

    /** Where to connect, from the gateway's {@code GET /api/v1/connect}. */
    interface Gateway {
        /** The WebSocket URL to open, or null when the gateway cannot say yet (503, or no answer). */
        @Nullable URI whereToConnect(String token);
    }
}
