package io.cellchat.services.messaging.ownership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.common.websocket.WebSocket;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketWriter;
import io.cellchat.backplane.BackplaneTopics;
import io.cellchat.backplane.DeliveryListener;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.domain.account.Principal;
import io.cellchat.domain.partition.PartitionHash;
import io.cellchat.platform.kafka.KafkaClients;
import io.cellchat.platform.kafka.Topics;
import io.cellchat.services.messaging.protocol.Subprotocol;
import io.cellchat.services.messaging.session.Connection;
import io.cellchat.services.messaging.session.ConnectionRegistry;
import io.cellchat.services.messaging.telemetry.EdgeMetrics;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.KafkaNamespace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Partition moves between two messaging servers on the real broker: consumer-group membership with the cooperative
 * sticky assignor decides ownership, the routing table follows it, and only the clients of the partitions that
 * moved get a {@code reconnect} frame naming the new owner, then a close.
 */
@EngineTest
class PartitionOwnershipIT {

    private static final int PARTITIONS = 4;

    private final KafkaNamespace kafka;
    private final BackplaneTopics topics;
    private final InMemoryRoutingTable routing = new InMemoryRoutingTable();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final List<AutoCloseable> closing = new ArrayList<>();

    PartitionOwnershipIT(KafkaNamespace kafka) {
        this.kafka = kafka;
        this.topics = new BackplaneTopics(kafka.prefix(), PARTITIONS, PARTITIONS, (short) 1, 1);
        try (Admin admin = KafkaClients.admin(kafka.settings())) {
            Topics.ensure(admin, List.of(topics.deliveriesSpec()), Duration.ofSeconds(30));
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        scheduler.shutdownNow();
    }

    private record Server(String address, ConnectionRegistry connections, PartitionOwnership ownership) {}

    private Server start(String address, String group) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ConnectionRegistry connections = new ConnectionRegistry(meters, new EdgeMetrics(meters));
        PartitionOwnership ownership = new PartitionOwnership(routing, address, PARTITIONS, connections, scheduler,
                Duration.ofSeconds(15), Duration.ofSeconds(5));
        DeliveryListener listener = new DeliveryListener(KafkaClients.consumer(kafka.settings(), group, Map.of(
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest")), topics.deliveries(), d -> { }, o -> { },
                ownership);
        listener.start(Duration.ofSeconds(30));
        closing.add(listener);
        return new Server(address, connections, ownership);
    }

    @Test
    void should_send_only_the_clients_of_moved_partitions_to_the_new_owner() {
        String group = kafka.group("messaging");
        Server a = start("http://127.0.0.1:9001", group);
        await().atMost(Duration.ofSeconds(30)).until(() -> a.ownership().owned().size() == PARTITIONS);
        assertThat(routing.route(0)).map(r -> r.address()).contains(a.address());
        Map<Integer, Client> clients = new HashMap<>();
        for (int partition = 0; partition < PARTITIONS; partition++) {
            clients.put(partition, connect(a, userOf(partition)));
        }

        Server b = start("http://127.0.0.1:9002", group);
        await().atMost(Duration.ofSeconds(30)).until(() -> b.ownership().owned().size() == PARTITIONS / 2
                && a.ownership().owned().size() == PARTITIONS / 2);

        for (int p = 0; p < PARTITIONS; p++) {
            int partition = p;
            Client client = clients.get(partition);
            if (b.ownership().owned().contains(partition)) {
                // The frame reaches the client on an event loop, possibly before the sending thread closes the
                // connection: wait for both.
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> !client.frames().isEmpty() && !client.connection().isOpen());
                assertThat(client.frames()).singleElement().satisfies(frame -> {
                    assertThat(frame.getReconnect().getAddress()).isEqualTo(b.address());
                    assertThat(frame.getReconnect().getReason()).isEqualTo("partition " + partition + " moved");
                });
                assertThat(routing.route(partition)).map(r -> r.address()).contains(b.address());
            } else {
                assertThat(client.frames()).as("frames to a client whose partition stayed").isEmpty();
                assertThat(client.connection().isOpen()).isTrue();
                assertThat(routing.route(partition)).map(r -> r.address()).contains(a.address());
            }
        }
        int moved = b.ownership().owned().iterator().next();
        assertThat(a.ownership().redirect(userOf(moved))).contains(b.address());
        assertThat(b.ownership().redirect(userOf(moved))).isEmpty();
    }

    private record Client(Connection connection, List<ServerFrame> frames) {}

    private Client connect(Server server, long user) {
        WebSocketWriter out = WebSocket.streaming();
        List<ServerFrame> frames = new CopyOnWriteArrayList<>();
        out.subscribe(new Subscriber<>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(WebSocketFrame frame) {
                if (frame.type() == com.linecorp.armeria.common.websocket.WebSocketFrameType.BINARY) {
                    try {
                        frames.add(ServerFrame.parseFrom(frame.array()));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onComplete() {}
        });
        Connection connection = new Connection(new Principal(user, user + 1), Subprotocol.PROTO, out, 100,
                Clock.systemUTC(), scheduler, server.connections().metrics());
        server.connections().add(connection);
        return new Client(connection, frames);
    }

    private static long userOf(int partition) {
        for (long user = 1_000; ; user++) {
            if (PartitionHash.partitionOf(user, PARTITIONS) == partition) {
                return user;
            }
        }
    }
}
