package io.cellchat.platform.inprocess;

import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event bus of the single process: {@link #publish} hands the delivery to every subscriber on the calling
 * thread, so the order of publishing is the order of delivery. Subscribers must not block (they queue frames on
 * connections). A failing subscriber is logged and does not stop the others.
 */
public final class InProcessEventBus implements EventBus {

    private static final Logger log = LoggerFactory.getLogger(InProcessEventBus.class);

    private final CopyOnWriteArrayList<Consumer<Delivery>> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public void publish(Delivery delivery) {
        for (Consumer<Delivery> subscriber : subscribers) {
            try {
                subscriber.accept(delivery);
            } catch (RuntimeException e) {
                log.error("event bus subscriber failed on a {}", delivery.push().getClass().getSimpleName(), e);
            }
        }
    }

    @Override
    public Subscription subscribe(Consumer<Delivery> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }
}
