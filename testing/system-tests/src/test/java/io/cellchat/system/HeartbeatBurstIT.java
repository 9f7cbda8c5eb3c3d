package io.cellchat.system;

import static io.cellchat.system.ChatServer.direct;
import static io.cellchat.system.ChatServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.websocket.WebSocketFrame;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Session;
import io.cellchat.testing.client.TestChatClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The reproduction of issue 8's 1002 closes, kept as a test: the server pings every 20 ms while 16 connections send
 * bursts of 20 frames whose lengths cross the 126-byte boundary of the WebSocket header (so the 16-bit extended
 * length is in play and often split across TCP segments). Any close the protocol does not list fails it; so does a
 * frame left unanswered. {@code -Dcellchat.burst.seconds=N} runs it longer.
 */
@Tag("system")
@Timeout(180)
class HeartbeatBurstIT {

    private static final int CONNECTIONS = 16;
    private static final int BURST = 20;
    private static ChatServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new ChatServer("connection.heartbeat-interval=20ms", "connection.rate-limit=100000",
                "connection.rate-burst=100000");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void should_keep_every_connection_open_through_heartbeats_and_bursts() throws Exception {
        long seconds = Long.getLong("cellchat.burst.seconds", 15);
        List<Session> users = new ArrayList<>();
        List<TestChatClient> clients = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            Session user = server.register("burst" + i);
            users.add(user);
            clients.add(server.connect(user));
        }
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong frames = new AtomicLong();
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++) {
            TestChatClient client = clients.get(i);
            String peer = direct(users.get(i).getUserId(), users.get((i + 1) % CONNECTIONS).getUserId());
            Random random = new Random(i);
            int index = i;
            senders.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int burst = 0; System.nanoTime() < deadline && failures.isEmpty(); burst++) {
                        List<String> ids = new ArrayList<>(BURST);
                        for (int n = 0; n < BURST; n++) {
                            String id = "b" + index + "-" + burst + "-" + n;
                            if (n == 0) {
                                client.send(send(peer, "burst " + burst + " " + "x".repeat(100 + random.nextInt(300)))
                                        .setRequestId(id));
                            } else {
                                // Unknown fields are ignored: a ping padded to a length that needs the extended header.
                                String pad = "p".repeat(110 + random.nextInt(1900));
                                client.sendRaw(WebSocketFrame.ofText("{\"requestId\":\"" + id + "\",\"ping\":{},\"pad\":\""
                                        + pad + "\"}"));
                            }
                            ids.add(id);
                        }
                        for (String id : ids) {
                            ServerFrame answer = client.awaitFrame(f -> f.getRequestId().equals(id));
                            if (answer.hasError()) {
                                failures.add(id + ": " + answer.getError());
                            }
                        }
                        frames.addAndGet(BURST);
                        Thread.sleep(random.nextInt(20));
                    }
                } catch (Throwable e) {
                    failures.add("connection " + index + ": " + e + " (close: " + describeClose(client) + ")");
                }
            }));
        }
        for (Thread sender : senders) {
            sender.join();
        }

        assertThat(failures).as("failures").isEmpty();
        for (TestChatClient client : clients) {
            assertThat(client.closed()).as("a connection was closed: %s", describeClose(client)).isNotDone();
        }
        System.out.printf("heartbeat burst: %d frames on %d connections in %d s, no close%n", frames.get(), CONNECTIONS,
                seconds);
    }

    private static String describeClose(TestChatClient client) {
        if (!client.closed().isDone()) {
            return "open";
        }
        try {
            var close = client.closed().getNow(null);
            return close == null ? "completed" : close.status().code() + " " + close.reasonPhrase();
        } catch (RuntimeException e) {
            return e.toString();
        }
    }
}
