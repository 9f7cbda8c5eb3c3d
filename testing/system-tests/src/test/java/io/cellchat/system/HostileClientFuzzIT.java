package io.cellchat.system;

import static io.cellchat.system.ChatServer.direct;
import static io.cellchat.system.ChatServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.websocket.WebSocketFrame;
import io.cellchat.contracts.codec.MalformedMessageException;
import io.cellchat.contracts.codec.StrictJson;
import io.cellchat.contracts.codec.StrictProto;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.ConversationSummary;
import io.cellchat.contracts.v1.CreateGroup;
import io.cellchat.contracts.v1.ErrorCode;
import io.cellchat.contracts.v1.Event;
import io.cellchat.contracts.v1.ListConversations;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Session;
import io.cellchat.contracts.v1.Sync;
import io.cellchat.domain.text.TextRules;
import io.cellchat.testing.client.TestAccounts;
import io.cellchat.testing.client.TestChatClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile client, as issue 8 ran it by hand, kept as a test: seeded frames ({@link FrameFuzzer}) over real
 * WebSockets in both encodings against {@code cellchat dev} in its own JVM. It proves:
 * <ul>
 *   <li>no connection is closed, and every frame gets exactly one answer;</li>
 *   <li>only documented error codes come back, never {@code INTERNAL};</li>
 *   <li>a frame the strict decoders refuse is answered {@code MALFORMED_FRAME}, and one they read is not;</li>
 *   <li>every stored event is backed by an {@code accepted}, every sequence is gap-free, and a stored message holds
 *       exactly the text of the frame that was accepted, normalized as the text rules say;</li>
 *   <li>the process is healthy after, and its live heap after a full GC is back near where it started.</li>
 * </ul>
 * CI runs 20,000 frames; {@code -Dcellchat.fuzz.frames=N -Dcellchat.fuzz.seed=S} runs more or others.
 */
@Tag("system")
@Timeout(900)
class HostileClientFuzzIT {

    private static final int USERS = 6;
    private static final int WINDOW = 40;
    private static final long HEAP_GROWTH_LIMIT = 48L << 20;
    private static final Set<ErrorCode> DOCUMENTED = EnumSet.complementOf(
            EnumSet.of(ErrorCode.ERROR_CODE_UNSPECIFIED, ErrorCode.INTERNAL, ErrorCode.UNRECOGNIZED));

    private ServerProcess server;

    /** What one client sent: the request IDs of frames the server can read, with the frame it read. */
    private record Sent(Map<String, List<ClientFrame>> readable, int total, int undecodable) {}

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void should_refuse_what_is_bad_store_only_what_it_accepted_and_keep_nothing() throws Exception {
        int frames = Integer.getInteger("cellchat.fuzz.frames", 20_000);
        long seed = Long.getLong("cellchat.fuzz.seed", 20261205L);
        server = ServerProcess.launch();
        TestAccounts accounts = new TestAccounts(server.uri());
        List<Session> users = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            users.add(accounts.register("fuzz" + i));
        }
        List<Long> ids = users.stream().map(Session::getUserId).toList();
        List<String> conversations = seedConversations(users, ids);
        long heapBefore = liveHeap();
        long rssBefore = rss();

        List<TestChatClient> clients = new ArrayList<>();
        for (Session user : users) {
            clients.add(TestChatClient.connect(server.uri(), user.getToken(), ChatServer.JSON));
            clients.add(TestChatClient.connect(server.uri(), user.getToken(), ChatServer.PROTO));
        }
        List<Sent> sent = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients.size(); c++) {
            TestChatClient client = clients.get(c);
            boolean binary = c % 2 == 1;
            FrameFuzzer fuzzer = new FrameFuzzer(seed + c, binary, ids, conversations);
            int share = frames / clients.size() + (c < frames % clients.size() ? 1 : 0);
            Sent[] result = new Sent[1];
            sent.add(null);
            int index = c;
            threads.add(Thread.ofPlatform().start(() -> {
                result[0] = run(client, fuzzer, binary, share);
                sent.set(index, result[0]);
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }

        Map<ErrorCode, Integer> codes = new TreeMap<>();
        Map<String, List<String>> acceptedBy = new HashMap<>();
        Map<String, List<ClientFrame>> readable = new HashMap<>();
        int total = 0;
        int undecodable = 0;
        for (int c = 0; c < clients.size(); c++) {
            TestChatClient connection = clients.get(c);
            Sent mine = sent.get(c);
            assertThat(mine).as("client %d finished", c).isNotNull();
            total += mine.total();
            undecodable += mine.undecodable();
            assertThat(connection.closed()).as("client %d was closed", c).isNotDone();
            assertThat(connection.answers()).as("client %d: one answer per frame", c).isEqualTo(mine.total());
            int malformed = 0;
            for (ServerFrame frame : connection.received()) {
                if (frame.hasError()) {
                    codes.merge(frame.getError().getCode(), 1, Integer::sum);
                    if (frame.getError().getCode() == ErrorCode.MALFORMED_FRAME) {
                        malformed++;
                    }
                }
                if (frame.hasAccepted() && frame.getAccepted().getSeq() > 0) {
                    acceptedBy.computeIfAbsent(frame.getAccepted().getConversationId() + "#"
                            + frame.getAccepted().getSeq(), k -> new ArrayList<>()).add(c + "/" + frame.getRequestId());
                }
            }
            assertThat(malformed).as("client %d: MALFORMED_FRAME exactly for the frames the decoders refuse", c)
                    .isEqualTo(mine.undecodable());
            String client = c + "/";
            mine.readable().forEach((id, frame) -> readable.put(client + id, frame));
        }
        assertThat(codes.keySet()).as("only documented codes").isSubsetOf(DOCUMENTED);

        int checked = checkStore(users, acceptedBy, readable);
        clients.forEach(TestChatClient::close);
        assertThat(server.isAlive()).isTrue();
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.uri() + "/health/ready"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        TestChatClient after = TestChatClient.connect(server.uri(), users.getFirst().getToken(), ChatServer.JSON);
        assertThat(after.request(send(direct(ids.get(0), ids.get(1)), "still here")).hasAccepted()).isTrue();
        after.close();

        Thread.sleep(1000);
        long heapAfter = liveHeap();
        long rssAfter = rss();
        System.out.printf("hostile client: %d frames (seed %d), %d undecodable, %d events checked, 0 closes,"
                + " codes %s; live heap %d -> %d MiB, RSS %d -> %d MiB%n", total, seed, undecodable, checked, codes,
                heapBefore >> 20, heapAfter >> 20, rssBefore >> 20, rssAfter >> 20);
        assertThat(heapAfter - heapBefore).as("live heap growth after a full GC").isLessThan(HEAP_GROWTH_LIMIT);
    }

    /** Sends this client's share in windows, waiting for every answer before the next window. */
    private static Sent run(TestChatClient client, FrameFuzzer fuzzer, boolean binary, int count) {
        Map<String, List<ClientFrame>> readable = new HashMap<>();
        int undecodable = 0;
        for (int sent = 0; sent < count; ) {
            int window = Math.min(WINDOW, count - sent);
            for (int i = 0; i < window; i++) {
                byte[] payload = fuzzer.next();
                try {
                    ClientFrame frame = binary
                            ? StrictProto.parse(payload, ClientFrame.parser(), ClientFrame.getDescriptor())
                            : StrictJson.parse(payload, ClientFrame.newBuilder()).build();
                    readable.computeIfAbsent(frame.getRequestId(), k -> new ArrayList<>()).add(frame);
                } catch (MalformedMessageException refused) {
                    undecodable++;
                }
                client.sendRaw(binary ? WebSocketFrame.ofBinary(payload) : WebSocketFrame.ofText(payload));
            }
            sent += window;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (client.answers() < sent) {
                if (System.nanoTime() > deadline || client.closed().isDone()) {
                    throw new AssertionError("answers stopped at " + client.answers() + " of " + sent);
                }
                Thread.onSpinWait();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
        return new Sent(readable, count, undecodable);
    }

    /**
     * Every conversation any user is in: gap-free, every event backed by an accepted command (an owner hand-over
     * takes two events and is accepted with the second), and every message holds the key and the normalized text of
     * the frame accepted with its seq (unless edited or deleted since). Returns the number of events checked.
     */
    private int checkStore(List<Session> users, Map<String, List<String>> acceptedBy, Map<String, List<ClientFrame>> readable) {
        Set<String> checked = new HashSet<>();
        int events = 0;
        for (Session user : users) {
            TestChatClient reader = TestChatClient.connect(server.uri(), user.getToken(), ChatServer.PROTO);
            for (ConversationSummary summary : reader.request(ClientFrame.newBuilder()
                    .setListConversations(ListConversations.getDefaultInstance())).getConversations()
                    .getConversationsList()) {
                String id = summary.getConversationId();
                if (!checked.add(id)) {
                    continue;
                }
                List<Event> stored = syncAll(reader, id);
                assertThat(stored.stream().map(Event::getSeq).toList()).as("gap-free %s", id)
                        .isEqualTo(java.util.stream.LongStream.rangeClosed(1, stored.size()).boxed().toList());
                for (Event event : stored) {
                    String at = id + "#" + event.getSeq();
                    boolean backed = acceptedBy.containsKey(at) || seeded(event)
                            || (event.hasRoleChanged() && acceptedBy.containsKey(id + "#" + (event.getSeq() + 1)));
                    assertThat(backed).as("event %s is backed by an accepted command: %s", at, event).isTrue();
                    if (event.hasMessage() && acceptedBy.containsKey(at)) {
                        checkMessage(event, acceptedBy.get(at), readable);
                    }
                    events++;
                }
            }
            reader.close();
        }
        return events;
    }

    private static void checkMessage(Event event, List<String> acceptedAs, Map<String, List<ClientFrame>> readable) {
        // A mutated frame may carry another frame's request ID: any frame sent with the ID may be the accepted one.
        for (String request : acceptedAs) {
            for (ClientFrame frame : readable.getOrDefault(request, List.of())) {
                if (!frame.hasSend() || !frame.getSend().getConversationId().equals(event.getConversationId())
                        || !frame.getSend().getIdempotencyKey().equals(event.getMessage().getIdempotencyKey())) {
                    continue;
                }
                if (!event.getMessage().getDeleted() && event.getMessage().getEditedAtMs() == 0) {
                    assertThat(event.getMessage().getBody().getText()).as("stored text of %s", request)
                            .isEqualTo(TextRules.messageText(frame.getSend().getBody().getText(), 4096));
                }
                return;
            }
        }
        throw new AssertionError("no accepted send frame matches message " + event);
    }

    /** The setup's own messages and groups (sent before the run, with keys starting "seed-"). */
    private static boolean seeded(Event event) {
        return event.getSeq() <= 2 && (event.hasGroupCreated()
                || (event.hasMessage() && event.getMessage().getIdempotencyKey().startsWith("seed-")));
    }

    private List<String> seedConversations(List<Session> users, List<Long> ids) {
        TestChatClient first = TestChatClient.connect(server.uri(), users.getFirst().getToken(), ChatServer.JSON);
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            String conversation = direct(ids.get(i), ids.get((i + 1) % USERS));
            TestChatClient sender = TestChatClient.connect(server.uri(), users.get(i).getToken(), ChatServer.JSON);
            ClientFrame.Builder hello = send(conversation, "hello");
            hello.getSendBuilder().setIdempotencyKey("seed-" + i);
            assertThat(sender.request(hello).hasAccepted()).isTrue();
            sender.close();
            conversations.add(conversation);
        }
        ServerFrame group = first.request(ClientFrame.newBuilder().setCreateGroup(CreateGroup.newBuilder()
                .setTitle("fuzz").setIdempotencyKey("seed-group").addAllMemberIds(ids)));
        conversations.add(group.getAccepted().getConversationId());
        first.close();
        return conversations;
    }

    private static List<Event> syncAll(TestChatClient client, String conversation) {
        List<Event> events = new ArrayList<>();
        long after = 0;
        while (true) {
            var page = client.request(ClientFrame.newBuilder().setSync(Sync.newBuilder()
                    .setConversationId(conversation).setAfterSeq(after).setLimit(500))).getSync();
            events.addAll(page.getEventsList());
            if (!page.getHasMore() || page.getEventsCount() == 0) {
                return events;
            }
            after = page.getEvents(page.getEventsCount() - 1).getSeq();
        }
    }

    /** Used heap right after a full GC in the server process, in bytes. */
    private long liveHeap() throws Exception {
        server.jcmd("GC.run");
        String info = server.jcmd("GC.heap_info");
        Matcher used = Pattern.compile("used (\\d+)K").matcher(info);
        if (!used.find()) {
            throw new AssertionError("no heap figure in: " + info);
        }
        return Long.parseLong(used.group(1)) << 10;
    }

    private long rss() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) << 10;
            }
        }
        return 0;
    }
}
