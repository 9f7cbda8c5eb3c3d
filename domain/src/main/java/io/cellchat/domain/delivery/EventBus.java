package io.cellchat.domain.delivery;

import java.util.function.Consumer;

/**
 * Port: carries pushes from where they happen (the sequencer, the presence tracker) to the servers holding the
 * recipients' connections.
 *
 * <p>Order: deliveries published by one thread reach each subscriber in the order published, so a device sees a
 * conversation's events in sequence order. A lost delivery is not lost data: the client sees the gap in the
 * sequence and syncs it.
 *
 * <ul>
 *   <li>Embedded: in-process, synchronous hand-off to subscribers.</li>
 *   <li>Distributed: Kafka {@code chat.deliveries}, keyed by recipient user.</li>
 * </ul>
 */
public interface EventBus {

    void publish(Delivery delivery);

    /** Registers a subscriber; closing the returned handle unsubscribes it. */
    Subscription subscribe(Consumer<Delivery> subscriber);

    @FunctionalInterface
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
