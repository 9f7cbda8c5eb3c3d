package io.cellchat.testing.contracts;

import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An {@link EventBus} that keeps every delivery published to it, in publishing order, and hands each to its
 * subscribers on the publishing thread. The contract suites give it to the adapters under test (a chat log publishes
 * to it) and read back what they published.
 */
public final class RecordingEventBus implements EventBus {

    private final List<Delivery> published = new CopyOnWriteArrayList<>();
    private final List<Consumer<Delivery>> subscribers = new CopyOnWriteArrayList<>();

    @Override
    public void publish(Delivery delivery) {
        published.add(delivery);
        for (Consumer<Delivery> subscriber : subscribers) {
            subscriber.accept(delivery);
        }
    }

    @Override
    public Subscription subscribe(Consumer<Delivery> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    /** Every delivery published so far, oldest first. */
    public List<Delivery> published() {
        return List.copyOf(published);
    }

    /** How many deliveries were published so far; a mark for {@link #publishedSince}. */
    public int mark() {
        return published.size();
    }

    /** The deliveries published after {@code mark}, oldest first. */
    public List<Delivery> publishedSince(int mark) {
        List<Delivery> all = new ArrayList<>(published);
        return List.copyOf(all.subList(Math.min(mark, all.size()), all.size()));
    }
}
