package io.cellchat.services.history.store.rocksdb;

import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationKind;
import io.cellchat.domain.chat.ConversationState;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.Role;
import java.time.Instant;
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
 * <p>A direct conversation whose two members are as its ID implies (no receipt of theirs moved yet: the commonest
 * state, and the one every message of a new conversation is in) is kept as its latest sequence number alone, in
 * {@link DirectSeqs}, which allocates nothing per message; the state is rebuilt on each read. The table has its own
 * bound beside the map's: up to {@code maxWeight / 3} conversations (each weighs three, as it would in the map), so
 * the two together hold at most twice {@code maxWeight}. Below three the table has no room and the map takes them.
 *
 * <p>A direct conversation's header row is written when it is created, not per message ({@link HeaderRows}); when
 * the cache stops holding one past its first event (dropped from the table or the map), the writer writes
 * the row again, in the batch being built, so that the next read of it finds the row current (one lookup) rather
 * than behind (a step back over its events). The writer relies on it: a row of a conversation the cache does not
 * hold is taken as current, without that check, unless {@link HeaderRuns} says otherwise.
 *
 * <p>Written by the writer thread only, and only with states the batch being written holds, after their rows are
 * written: if a batch fails to commit, {@link #clear} drops everything, since some entries may describe writes that
 * were never stored (and {@link HeaderRuns} stops trusting rows for the rest of the run).
 */
final class ConversationCache {

    private static final int PLAIN_DIRECT_WEIGHT = 3;

    private final long maxWeight;
    private final LinkedHashMap<ConversationId, ConversationState> entries = new LinkedHashMap<>(1024, 0.75f, true);
    private final DirectSeqs plainDirect;
    private long weight;
    private long hits;
    private long misses;

    ConversationCache(long maxWeight) {
        if (maxWeight < 1) {
            throw new IllegalArgumentException("store.conversation-cache: " + maxWeight + " (expected: >= 1)");
        }
        this.maxWeight = maxWeight;
        this.plainDirect = new DirectSeqs(maxWeight / PLAIN_DIRECT_WEIGHT);
    }

    @Nullable ConversationState get(ConversationId id) {
        if (id.isDirect()) {
            long[] pair = id.directMembers();
            long lastSeq = plainDirect.get(pair[0], pair[1]);
            if (lastSeq >= 0) {
                hits++;
                return new ConversationState(id, ConversationKind.DIRECT, "", lastSeq,
                        Map.of(pair[0], plain(pair[0]), pair[1], plain(pair[1])));
            }
        }
        ConversationState state = entries.get(id);
        if (state == null) {
            misses++;
        } else {
            hits++;
        }
        return state;
    }

    /**
     * Holds the conversation's state after a command, once the command's rows are in the batch.
     *
     * @param lastActivity when its last event was appended; {@code null} if the command appended none
     * @param leaving receives the direct conversations the cache stops holding past their first event, whose
     *     header rows may be behind them
     */
    void put(ConversationState state, @Nullable Instant lastActivity, DirectSeqs.Leaving leaving) {
        if (state.id().isDirect()) {
            long[] pair = state.id().directMembers();
            if (plainDirect.capacity() > 0 && isPlainDirect(state, pair)) {
                plainDirect.put(pair[0], pair[1], state.lastSeq(),
                        lastActivity == null ? -1 : lastActivity.toEpochMilli(), leaving);
                remove(state.id());
                return;
            }
            plainDirect.remove(pair[0], pair[1]); // held in the map from now on, whose drop writes the row
        }
        ConversationState previous = entries.put(state.id(), state);
        if (previous != null) {
            weight -= weigh(previous);
        }
        weight += weigh(state);
        Iterator<Map.Entry<ConversationId, ConversationState>> eldest = entries.entrySet().iterator();
        while (weight > maxWeight && eldest.hasNext()) {
            ConversationState dropped = eldest.next().getValue();
            weight -= weigh(dropped);
            eldest.remove();
            leave(dropped, leaving);
        }
    }

    /** A direct conversation of the map past its first event: its header row may be behind it. */
    private static void leave(ConversationState state, DirectSeqs.Leaving leaving) {
        if (state.id().isDirect() && state.lastSeq() > 1) {
            long[] pair = state.id().directMembers();
            leaving.left(pair[0], pair[1], state.lastSeq(), -1);
        }
    }

    /** Hands every direct conversation held past its first event (its header row may be behind) to {@code leaving}. */
    void forEachAhead(DirectSeqs.Leaving leaving) {
        plainDirect.forEachAhead(leaving);
        entries.values().forEach(state -> leave(state, leaving));
    }

    void clear() {
        entries.clear();
        plainDirect.clear();
        weight = 0;
    }

    /** Conversations plus members held, in the map and in the table of plain direct conversations. */
    long weight() {
        return weight + (long) PLAIN_DIRECT_WEIGHT * plainDirect.size();
    }

    int size() {
        return entries.size() + plainDirect.size();
    }

    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }

    private void remove(ConversationId id) {
        ConversationState previous = entries.remove(id);
        if (previous != null) {
            weight -= weigh(previous);
        }
    }

    private static boolean isPlainDirect(ConversationState state, long[] pair) {
        return state.kind() == ConversationKind.DIRECT && state.title().isEmpty() && state.members().size() == 2
                && plain(pair[0]).equals(state.members().get(pair[0]))
                && plain(pair[1]).equals(state.members().get(pair[1]));
    }

    private static Member plain(long userId) {
        return Member.joined(userId, Role.MEMBER);
    }

    private static long weigh(ConversationState state) {
        return 1L + state.members().size();
    }
}
