package io.cellchat.services.users.prefs;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.prefs.ConversationPreferences;
import io.cellchat.domain.prefs.ConversationPrefs;
import io.cellchat.domain.prefs.ConversationPrefsStore;
import io.cellchat.domain.prefs.PrefsChange;
import java.time.Clock;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Each user's conversation settings (pin, archive, mute), beside the accounts in the users service because they
 * belong to the user, not to the conversation. A change is stored through the {@link ConversationPrefsStore} port
 * and, once durable, pushed on the {@link EventBus} to the user alone, so every device of theirs shows the same
 * list. A mute time already past is stored as "not muted", so an expired mute reads like no mute everywhere.
 */
public final class ConversationPrefsService implements ConversationPreferences {

    private final ConversationPrefsStore store;
    private final EventBus bus;
    private final Clock clock;

    public ConversationPrefsService(ConversationPrefsStore store, EventBus bus, Clock clock) {
        this.store = requireNonNull(store, "store");
        this.bus = requireNonNull(bus, "bus");
        this.clock = requireNonNull(clock, "clock");
    }

    @Override
    public List<ConversationPrefs> of(long userId) {
        return store.all(userId);
    }

    @Override
    public CompletableFuture<ConversationPrefs> change(long userId, PrefsChange change) {
        PrefsChange normalized = change;
        long now = clock.millis();
        if (change.mutedUntilMs().isPresent() && change.mutedUntilMs().getAsLong() != 0
                && change.mutedUntilMs().getAsLong() <= now) {
            normalized = new PrefsChange(change.conversation(), change.pinned(), change.archived(), OptionalLong.of(0));
        }
        return store.apply(userId, normalized, clock.instant(), MAX_PINNED).thenApply(prefs -> {
            bus.publish(new Delivery(Set.of(userId), new Push.PrefsChanged(prefs)));
            return prefs;
        });
    }
}
