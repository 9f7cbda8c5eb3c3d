package io.cellchat.services.messaging.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.linecorp.armeria.common.websocket.WebSocket;
import com.linecorp.armeria.common.websocket.WebSocketFrame;
import com.linecorp.armeria.common.websocket.WebSocketWriter;
import io.cellchat.contracts.v1.Accepted;
import io.cellchat.contracts.v1.Event;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.domain.account.Principal;
import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.EventBody;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.MessageBody;
import io.cellchat.domain.chat.Role;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.Push;
import io.cellchat.platform.inprocess.InProcessEventBus;
import io.cellchat.platform.observability.tracing.Tracing;
import io.cellchat.platform.observability.tracing.TracingSettings;
import io.cellchat.services.messaging.protocol.Subprotocol;
import io.cellchat.services.messaging.session.Connection;
import io.cellchat.services.messaging.session.ConnectionRegistry;
import io.cellchat.services.messaging.session.OwnEvents;
import io.cellchat.services.messaging.telemetry.EdgeMetrics;
import io.cellchat.services.messaging.telemetry.EdgeTelemetry;
import io.cellchat.services.messaging.telemetry.EdgeTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.opentelemetry.context.Scope;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

class DeliveryFanoutTest {

    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final ConversationId DIRECT = ConversationId.direct(ALICE, BOB);

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final EdgeMetrics metrics = new EdgeMetrics(meters);
    private final ConnectionRegistry connections = new ConnectionRegistry(meters, metrics);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final Tracing tracing = Tracing.start(TracingSettings.off("test"));
    private final InProcessEventBus bus = new InProcessEventBus();
    private final DeliveryFanout fanout = new DeliveryFanout(bus, connections,
            new EdgeTelemetry(metrics, new EdgeTracing(tracing)), clock);

    @AfterEach
    void stop() {
        fanout.close();
        tracing.close();
        scheduler.shutdownNow();
    }

    @Test
    void should_answer_the_connection_that_sent_a_command_with_its_events_and_push_them_to_every_other() {
        Device phone = connect(ALICE, 10);
        Device laptop = connect(ALICE, 11);
        Device bob = connect(BOB, 20);
        OwnEvents own = command(phone, message(1), message(2));
        own.answer(DeliveryFanoutTest::accepted);

        assertThat(phone.frames()).singleElement().satisfies(answer -> assertThat(answer.getAccepted().getEventsList())
                .extracting(Event::getSeq).containsExactly(1L, 2L));
        assertThat(laptop.eventSeqs()).containsExactly(1L, 2L);
        assertThat(bob.eventSeqs()).containsExactly(1L, 2L);
    }

    @Test
    void should_push_to_the_origin_what_comes_after_its_answer_or_outside_its_command() {
        Device phone = connect(ALICE, 10);
        OwnEvents own = new OwnEvents(phone.connection());
        bus.publish(message(1)); // another command's event: no command of this connection is current

        try (Scope scope = own.makeCurrent()) {
            own.answer(DeliveryFanoutTest::accepted);
            bus.publish(message(2)); // after the answer: nothing may be held that the answer will not carry
        }

        assertThat(phone.eventSeqs()).containsExactly(1L, 2L);
        assertThat(phone.frames()).filteredOn(ServerFrame::hasAccepted).singleElement()
                .satisfies(answer -> assertThat(answer.getAccepted().getEventsList()).isEmpty());
    }

    @Test
    void should_push_held_events_first_when_a_later_event_comes_before_the_answer() {
        Device phone = connect(ALICE, 10);
        OwnEvents first = command(phone, message(1));

        bus.publish(message(2)); // the next command's event, while the first command's answer is late
        first.answer(DeliveryFanoutTest::accepted);

        assertThat(phone.frames()).extracting(DeliveryFanoutTest::describe)
                .containsExactly("event 1", "event 2", "accepted []");
    }

    @Test
    void should_push_held_events_when_the_command_fails_after_all() {
        Device phone = connect(ALICE, 10);
        OwnEvents own = command(phone, message(1));

        own.release();
        own.release();

        assertThat(phone.eventSeqs()).containsExactly(1L);
    }

    @Test
    void should_push_a_receipt_to_the_origin_even_inside_its_command() {
        Device phone = connect(ALICE, 10);
        command(phone, new Delivery(Set.of(ALICE, BOB),
                new Push.ReceiptMoved(DIRECT, Member.joined(BOB, Role.MEMBER))));

        assertThat(phone.frames()).singleElement().satisfies(frame -> assertThat(frame.hasReceipt()).isTrue());
    }

    private static ServerFrame accepted(List<Event> events) {
        return ServerFrame.newBuilder().setAccepted(Accepted.newBuilder().addAllEvents(events)).build();
    }

    private static String describe(ServerFrame frame) {
        return frame.hasEvent() ? "event " + frame.getEvent().getSeq()
                : "accepted " + frame.getAccepted().getEventsList().stream().map(Event::getSeq).toList();
    }

    /** A command of the device's connection that publishes these deliveries, its answer not sent yet. */
    private OwnEvents command(Device device, Delivery... deliveries) {
        OwnEvents own = new OwnEvents(device.connection());
        try (Scope scope = own.makeCurrent()) {
            for (Delivery delivery : deliveries) {
                bus.publish(delivery);
            }
        }
        return own;
    }

    private static Delivery message(long seq) {
        ChatEvent event = new ChatEvent(DIRECT, seq, 100 + seq, ALICE, Instant.parse("2026-12-06T10:00:00Z"),
                EventBody.MessagePosted.posted(new MessageBody.Text("hi " + seq), 0, "k" + seq));
        return new Delivery(Set.of(ALICE, BOB), new Push.NewEvent(event));
    }

    private Device connect(long user, long device) {
        WebSocketWriter out = WebSocket.streaming();
        List<ServerFrame> frames = new ArrayList<>();
        out.subscribe(new Subscriber<WebSocketFrame>() {
            @Override
            public void onSubscribe(Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(WebSocketFrame frame) {
                synchronized (frames) {
                    frames.add(parse(frame.array()));
                }
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onComplete() {}
        }, ImmediateEventExecutor.INSTANCE); // frames arrive as they are written
        Connection connection = new Connection(new Principal(user, device), Subprotocol.PROTO, out, 100, clock,
                scheduler, metrics);
        connections.add(connection);
        return new Device(connection, frames);
    }

    private static ServerFrame parse(byte[] payload) {
        try {
            return ServerFrame.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("the server wrote an undecodable frame", e);
        }
    }

    private record Device(Connection connection, List<ServerFrame> frames) {
        List<Long> eventSeqs() {
            synchronized (frames) {
                return frames.stream().filter(ServerFrame::hasEvent).map(f -> f.getEvent().getSeq()).toList();
            }
        }
    }
}
