package io.cellchat.testing.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.EventBody.MessagePosted;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.MessageBody;
import io.cellchat.domain.chat.Role;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.presence.Presence;
import io.cellchat.domain.presence.PresenceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the {@link EventBus} port: every subscriber gets every delivery published after it subscribed, for
 * the same recipients; deliveries published by one thread arrive in that order; closing a subscription stops it; a
 * failing subscriber does not stop the others.
 *
 * <p>Deliveries are always awaited, so an asynchronous bus (Kafka) passes as well as the synchronous in-process one.
 * A bus may hand a delivery to a subscriber whole or split by recipient (Kafka writes one record per recipient), so
 * the suite compares what each recipient got: the pushes addressed to them, in order.
 *
 * <p>Every test uses recipient IDs of its own (random), so a bus may be shared by the tests of a class.
 */
public abstract class EventBusContract {

    /** How long a delivery may take. */
    protected static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A bus ready for subscribers. Called before each test. */
    protected abstract EventBus openBus() throws Exception;

    /** Releases what {@link #openBus} took. Called after each test. */
    protected abstract void closeBus() throws Exception;

    protected EventBus bus;
    private long idBase;
    private final List<EventBus.Subscription> subscriptions = new ArrayList<>();

    @BeforeEach
    final void openTheBus() throws Exception {
        idBase = ThreadLocalRandom.current().nextLong(1, 1L << 40) * 1_000_000;
        bus = openBus();
    }

    @AfterEach
    final void closeTheBus() throws Exception {
        subscriptions.forEach(EventBus.Subscription::close);
        closeBus();
    }

    @Test
    void should_deliver_every_delivery_to_every_subscriber() {
        Recorder first = subscribe();
        Recorder second = subscribe();
        Recorder third = subscribe();
        List<Delivery> published = new ArrayList<>();

        for (int i = 0; i < 100; i++) {
            Delivery delivery = new Delivery(Set.of(user(i % 3)), marker(i));
            published.add(delivery);
            bus.publish(delivery);
        }

        for (Recorder recorder : List.of(first, second, third)) {
            recorder.awaitExactly(published);
        }
    }

    @Test
    void should_deliver_each_kind_of_push_unchanged() {
        Recorder recorder = subscribe();
        ConversationId conversation = ConversationId.direct(user(1), user(2));
        Instant at = Instant.parse("2026-03-01T12:00:00.123Z");
        List<Delivery> published = List.of(
                new Delivery(Set.of(user(1), user(2)), new Push.NewEvent(new ChatEvent(conversation, 7, idBase + 77,
                        user(1), at, MessagePosted.posted(new MessageBody.Text("hello \uD83D\uDC4B"), 3, "key-1")))),
                new Delivery(Set.of(user(1), user(2)),
                        new Push.ReceiptMoved(conversation, new Member(user(2), Role.MEMBER, 7, 5))),
                new Delivery(Set.of(user(2)), new Push.Typing(conversation, user(1), true)),
                new Delivery(Set.of(user(3)), new Push.PresenceChanged(new Presence(user(1), PresenceStatus.OFFLINE, at))),
                new Delivery(Set.of(user(3)), new Push.PresenceChanged(new Presence(user(4), PresenceStatus.ONLINE, null))),
                new Delivery(Set.of(user(1)), new Push.SessionEnded(idBase + 55)));

        published.forEach(bus::publish);

        recorder.awaitExactly(published);
    }

    @Test
    void should_preserve_the_order_of_each_publishing_thread() throws Exception {
        int threads = 6;
        int perThread = 300;
        Recorder first = subscribe();
        Recorder second = subscribe();
        List<List<Delivery>> byThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            List<Delivery> deliveries = new ArrayList<>();
            for (int i = 0; i < perThread; i++) {
                // Each thread writes to two users of its own and one shared by every thread.
                Set<Long> recipients = i % 3 == 0 ? Set.of(user(100 + t), user(0)) : Set.of(user(200 + t));
                deliveries.add(new Delivery(recipients, marker(t * 10_000 + i)));
            }
            byThread.add(deliveries);
        }

        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> work = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (List<Delivery> deliveries : byThread) {
                work.add(pool.submit(() -> {
                    start.await();
                    deliveries.forEach(bus::publish);
                    return null;
                }));
            }
            start.countDown();
        }
        for (Future<?> future : work) {
            future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }

        List<Delivery> all = byThread.stream().flatMap(List::stream).toList();
        for (Recorder recorder : List.of(first, second)) {
            recorder.awaitSameAs(all);
            Map<Long, List<Push>> received = recorder.byRecipient();
            for (List<Delivery> deliveries : byThread) {
                Map<Long, List<Push>> sent = byRecipient(deliveries);
                sent.forEach((recipient, pushes) -> assertThat(received.get(recipient))
                        .as("pushes to %s, in the order one thread published them", recipient)
                        .containsSubsequence(pushes));
            }
        }
    }

    @Test
    void should_keep_the_recipients_of_each_delivery() {
        Recorder recorder = subscribe();
        Delivery toThree = new Delivery(Set.of(user(1), user(2), user(3)), marker(1));
        Delivery toOne = new Delivery(Set.of(user(2)), marker(2));
        Delivery toTwo = new Delivery(Set.of(user(3), user(4)), marker(3));

        List.of(toThree, toOne, toTwo).forEach(bus::publish);

        recorder.awaitSameAs(List.of(toThree, toOne, toTwo));
        assertThat(recorder.byRecipient()).containsExactlyInAnyOrderEntriesOf(Map.of(
                user(1), List.of(marker(1)),
                user(2), List.of(marker(1), marker(2)),
                user(3), List.of(marker(1), marker(3)),
                user(4), List.of(marker(3))));
    }

    @Test
    void should_stop_delivering_to_a_closed_subscription() {
        Recorder staying = subscribe();
        List<Delivery> leavingGot = new CopyOnWriteArrayList<>();
        EventBus.Subscription leaving = bus.subscribe(leavingGot::add);
        Delivery before = new Delivery(Set.of(user(1)), marker(1));
        bus.publish(before);
        staying.awaitExactly(List.of(before));
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(leavingGot).containsExactly(before));

        leaving.close();
        Delivery after = new Delivery(Set.of(user(1)), marker(2));
        bus.publish(after);

        staying.awaitExactly(List.of(before, after));
        await().during(Duration.ofMillis(300)).atMost(TIMEOUT)
                .untilAsserted(() -> assertThat(leavingGot).containsExactly(before));
    }

    @Test
    void should_keep_delivering_to_the_others_when_a_subscriber_fails() {
        Recorder before = subscribe();
        List<Delivery> attempted = new CopyOnWriteArrayList<>();
        subscriptions.add(bus.subscribe(delivery -> {
            attempted.add(delivery);
            throw new IllegalStateException("a subscriber failing on purpose");
        }));
        Recorder after = subscribe();
        List<Delivery> published = new ArrayList<>();

        for (int i = 0; i < 20; i++) {
            Delivery delivery = new Delivery(Set.of(user(1)), marker(i));
            published.add(delivery);
            assertThatCode(() -> bus.publish(delivery)).as("publishing while a subscriber fails").doesNotThrowAnyException();
        }

        before.awaitExactly(published);
        after.awaitExactly(published);
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(attempted).containsAll(published));
    }

    @Test
    void should_keep_delivering_to_a_subscriber_that_failed_once() {
        List<Delivery> got = new CopyOnWriteArrayList<>();
        Delivery poison = new Delivery(Set.of(user(1)), marker(0));
        subscriptions.add(bus.subscribe(delivery -> {
            got.add(delivery);
            if (delivery.equals(poison)) {
                throw new IllegalStateException("failing once on purpose");
            }
        }));
        List<Delivery> later = List.of(new Delivery(Set.of(user(1)), marker(1)),
                new Delivery(Set.of(user(1)), marker(2)));

        bus.publish(poison);
        later.forEach(bus::publish);

        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(got).containsSubsequence(later));
    }

    @Test
    void should_accept_a_delivery_with_no_subscriber() {
        assertThatCode(() -> bus.publish(new Delivery(Set.of(user(1)), marker(1)))).doesNotThrowAnyException();

        Recorder recorder = subscribe();
        Delivery delivery = new Delivery(Set.of(user(1)), marker(2));
        bus.publish(delivery);

        // An asynchronous bus may still hand the first delivery, published just before, to the new subscriber.
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(recorder.byRecipient().get(user(1)))
                .isIn(List.of(marker(2)), List.of(marker(1), marker(2))));
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A user ID of this test. */
    protected long user(long n) {
        return idBase + n;
    }

    /** A push telling deliveries apart. */
    protected Push marker(long n) {
        return new Push.SessionEnded(idBase + n);
    }

    /** Subscribes a recorder, closed after the test. */
    protected Recorder subscribe() {
        Recorder recorder = new Recorder();
        subscriptions.add(bus.subscribe(recorder));
        return recorder;
    }

    /** What each recipient is addressed, in order, whether deliveries were whole or split by recipient. */
    protected static Map<Long, List<Push>> byRecipient(List<Delivery> deliveries) {
        Map<Long, List<Push>> byRecipient = new LinkedHashMap<>();
        for (Delivery delivery : deliveries) {
            for (long recipient : delivery.recipients()) {
                byRecipient.computeIfAbsent(recipient, r -> new ArrayList<>()).add(delivery.push());
            }
        }
        return byRecipient;
    }

    /** A subscriber keeping what it gets. */
    protected static final class Recorder implements Consumer<Delivery> {

        private final List<Delivery> received = new CopyOnWriteArrayList<>();

        @Override
        public void accept(Delivery delivery) {
            received.add(delivery);
        }

        public List<Delivery> received() {
            return List.copyOf(received);
        }

        public Map<Long, List<Push>> byRecipient() {
            return EventBusContract.byRecipient(received());
        }

        /** Waits until each recipient got exactly its pushes of {@code published}, in that order. */
        public void awaitExactly(List<Delivery> published) {
            Map<Long, List<Push>> expected = EventBusContract.byRecipient(published);
            await().atMost(TIMEOUT).untilAsserted(() -> assertThat(byRecipient())
                    .as("pushes by recipient").containsExactlyInAnyOrderEntriesOf(expected));
        }

        /** Waits until each recipient got exactly its pushes of {@code published}, in any order. */
        public void awaitSameAs(List<Delivery> published) {
            Map<Long, List<Push>> expected = EventBusContract.byRecipient(published);
            await().atMost(TIMEOUT).untilAsserted(() -> {
                Map<Long, List<Push>> actual = byRecipient();
                assertThat(actual).as("recipients").containsOnlyKeys(expected.keySet());
                expected.forEach((recipient, pushes) -> assertThat(actual.get(recipient))
                        .as("pushes to %s", recipient).containsExactlyInAnyOrderElementsOf(pushes));
            });
        }
    }
}
