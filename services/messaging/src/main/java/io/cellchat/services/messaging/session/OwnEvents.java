package io.cellchat.services.messaging.session;

import com.google.errorprone.annotations.MustBeClosed;
import io.cellchat.contracts.v1.Event;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The events of one command, kept for its {@code accepted} answer instead of being pushed to the connection that sent
 * it: one frame fewer per command on that connection, and the sender holds its event as soon as it is told the
 * command is durable.
 *
 * <p>It travels with the command in the {@link Context} (as the command's trace does): the dispatcher makes it current
 * while it submits the command, the store runs the command's deliveries in the submitter's context, and the fan-out
 * {@linkplain #hold holds} the events meant for the origin connection. The single process delivers a command's events
 * just before it completes the command, on the same thread, so the answer follows the events it replaces in the
 * connection's order. Whatever comes after the answer, or without this context (a cell's deliveries come through
 * Kafka), is pushed as usual: nothing is held that the answer will not carry. Thread-safe.
 */
public final class OwnEvents {

    private static final ContextKey<OwnEvents> KEY = ContextKey.named("cellchat-own-events");

    private final Connection origin;
    private final List<Event> events = new ArrayList<>(1);
    private boolean answered;

    public OwnEvents(Connection origin) {
        this.origin = origin;
    }

    /** The command's own events in the current context, if a command of a connection of this server is running. */
    public static @Nullable OwnEvents current() {
        return Context.current().get(KEY);
    }

    /** Makes this the current command's own events until the scope closes. */
    @MustBeClosed
    public Scope makeCurrent() {
        return Context.current().with(KEY, this).makeCurrent();
    }

    /**
     * Keeps an event for the answer instead of pushing it.
     *
     * @return {@code true} if it is kept: the connection is the command's origin and the answer is not sent yet
     */
    public synchronized boolean hold(Connection connection, Event event) {
        if (answered || connection != origin) {
            return false;
        }
        events.add(event);
        return true;
    }

    /** The events held, in the order they came; after this call nothing more is held. */
    public synchronized List<Event> answer() {
        answered = true;
        return List.copyOf(events);
    }
}
