package io.cellchat.services.messaging.session;

import com.google.errorprone.annotations.MustBeClosed;
import io.cellchat.contracts.v1.Event;
import io.cellchat.contracts.v1.ServerFrame;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The events of one command, kept for its {@code accepted} answer instead of being pushed to the connection that sent
 * it: one frame fewer per command on that connection, and the sender holds its event as soon as it is told the
 * command is durable.
 *
 * <p>It travels with the command in the {@link Context} (as the command's trace does): the dispatcher makes it current
 * while it submits the command, the store runs the command's deliveries in the submitter's context, and the fan-out
 * {@linkplain #hold holds} the events meant for the origin connection. Deliveries without this context (a cell's come
 * through Kafka) are pushed as usual.
 *
 * <p>No event reaches the origin connection ahead of a held one: before the fan-out pushes anything to a connection,
 * it {@linkplain Connection#releaseHeld releases} what earlier commands still hold, pushing it, unless the answer has
 * taken it already. The answer is sent under the same lock, so a push that must follow it waits for it. In the single
 * process the answer follows its events at once on the store's publisher thread, and nothing is released; the release
 * covers the answer that comes late, when the thread that submitted the command attaches its answer only after the
 * store completed it. Thread-safe.
 */
public final class OwnEvents {

    private static final ContextKey<OwnEvents> KEY = ContextKey.named("cellchat-own-events");

    private final Connection origin;
    private final List<Event> events = new ArrayList<>(1);
    private boolean done;

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
     * @return {@code true} if it is kept: the connection is the command's origin, and neither the answer nor a release
     *     has happened yet
     */
    public synchronized boolean hold(Connection connection, Event event) {
        if (done || connection != origin) {
            return false;
        }
        if (events.isEmpty()) {
            origin.holding(this);
        }
        events.add(event);
        return true;
    }

    /**
     * Sends the command's answer to the origin connection, carrying the events held (none if they were released
     * already); nothing is held after it.
     *
     * @param answer builds the answer frame from the events it carries
     */
    public synchronized void answer(Function<List<Event>, ServerFrame> answer) {
        List<Event> carried = done ? List.of() : List.copyOf(events);
        done = true;
        origin.send(answer.apply(carried));
        origin.released(this);
    }

    /** Pushes the events held, if the answer has not taken them; nothing is held after it. */
    public synchronized void release() {
        if (!done) {
            done = true;
            events.forEach(event -> origin.send(ServerFrame.newBuilder().setEvent(event).build()));
        }
        origin.released(this);
    }
}
