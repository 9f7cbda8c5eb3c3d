package io.cellchat.backplane;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link EventBus} of the distributed cell: {@link #publish} writes one record per recipient to
 * {@code chat.deliveries}; subscribers get the pushes of the partitions this process owns, which a
 * {@link DeliveryListener} feeds to {@link #deliver}. A process that only publishes (the users role, the
 * materializer) has no listener and no subscribers.
 */
public final class KafkaEventBus implements EventBus {

    private static final Logger log = LoggerFactory.getLogger(KafkaEventBus.class);

    private final DeliveryPublisher publisher;
    private final List<Consumer<Delivery>> subscribers = new CopyOnWriteArrayList<>();

    public KafkaEventBus(DeliveryPublisher publisher) {
        this.publisher = requireNonNull(publisher, "publisher");
    }

    @Override
    public void publish(Delivery delivery) {
        publisher.publish(delivery);
    }

    @Override
    public Subscription subscribe(Consumer<Delivery> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Hands a consumed push to every subscriber; one that fails does not stop the others. */
    public void deliver(Delivery delivery) {
        for (Consumer<Delivery> subscriber : subscribers) {
            try {
                subscriber.accept(delivery);
            } catch (RuntimeException e) {
                log.warn("A subscriber failed on a delivery", e);
            }
        }
    }
}
