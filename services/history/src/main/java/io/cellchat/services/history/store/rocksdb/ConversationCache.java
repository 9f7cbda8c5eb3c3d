package io.cellchat.services.history.store.rocksdb;

import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationState;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The writer's cache of conversation states (members, roles, receipt marks, latest sequence number), so a message to
 * a group of 1,000 does not read 1,000 member rows. Least recently used first out, bounded by weight (one per
 * conversation plus one per member), so memory stays bounded however many conversations the store holds; an
 * evicted conversation is read back from the store on its next command.
 *
 * <p>Written by the writer thread only, and only with states the batch being written holds: if a batch fails to
 * commit, {@link #clear} drops everything, since some entries may describe writes that were never stored.
 */
final class ConversationCache {

    private final long maxWeight;
    private final LinkedHashMap<ConversationId, ConversationState> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private long weight;
    private long hits;
    private long misses;

    ConversationCache(long maxWeight) {
        if (maxWeight < 1) {
            throw new IllegalArgumentException("store.conversation-cache: " + maxWeight + " (expected: >= 1)");
        }
        this.maxWeight = maxWeight;
    }

    @Nullable ConversationState get(ConversationId id) {
        ConversationState state = entries.get(id);
        if (state == null) {
            misses++;
        } else {
            hits++;
        }
        return state;
    }

    void put(ConversationState state) {
        ConversationState previous = entries.put(state.id(), state);
        if (previous != null) {
            weight -= weigh(previous);
        }
        weight += weigh(state);
        Iterator<Map.Entry<ConversationId, ConversationState>> eldest = entries.entrySet().iterator();
        while (weight > maxWeight && eldest.hasNext()) {
            weight -= weigh(eldest.next().getValue());
            eldest.remove();
        }
    }

    void clear() {
        entries.clear();
        weight = 0;
    }

    long weight() {
        return weight;
    }

    int size() {
        return entries.size();
    }

    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }

    private static long weigh(ConversationState state) {
        return 1L + state.members().size();
    }
}
