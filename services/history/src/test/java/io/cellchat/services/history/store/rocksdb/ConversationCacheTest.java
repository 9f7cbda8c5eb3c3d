package io.cellchat.services.history.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationKind;
import io.cellchat.domain.chat.ConversationState;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.Role;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The writer's conversation cache: plain direct conversations as a seq in a flat table, the rest whole. */
class ConversationCacheTest {

    private static final ConversationId DIRECT = ConversationId.direct(11, 22);
    private static final Instant AT = Instant.parse("2026-01-01T09:00:00Z");

    /** A conversation handed back by the table, as its four values. */
    private record Left(long low, long high, long seq, long atMillis) {}

    private final List<Left> left = new ArrayList<>();

    @Test
    void should_keep_a_plain_direct_conversation_as_its_seq_and_rebuild_the_same_state() {
        ConversationCache cache = new ConversationCache(300);
        ConversationState state = plainDirect(DIRECT, 7);

        cache.put(state, AT, this::record);

        assertThat(cache.get(DIRECT)).isEqualTo(state);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.weight()).isEqualTo(3);
        cache.put(plainDirect(DIRECT, 8), AT, this::record);
        assertThat(cache.get(DIRECT)).isEqualTo(plainDirect(DIRECT, 8));
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.hits()).isEqualTo(2);
    }

    @Test
    void should_keep_a_direct_conversation_whose_receipt_moved_whole_and_drop_its_seq() {
        ConversationCache cache = new ConversationCache(300);
        cache.put(plainDirect(DIRECT, 3), AT, this::record);
        ConversationState read = new ConversationState(DIRECT, ConversationKind.DIRECT, "", 4,
                Map.of(11L, new Member(11, Role.MEMBER, 4, 4), 22L, Member.joined(22, Role.MEMBER)));

        cache.put(read, null, this::record);

        assertThat(cache.get(DIRECT)).isEqualTo(read);
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.weight()).isEqualTo(3);
        assertThat(left).as("still cached, in the map").isEmpty();
    }

    @Test
    void should_hold_groups_beside_direct_conversations_and_clear_both() {
        ConversationCache cache = new ConversationCache(300);
        ConversationId group = ConversationId.group(5);
        ConversationState groupState = new ConversationState(group, ConversationKind.GROUP, "team", 2,
                Map.of(11L, Member.joined(11, Role.OWNER)));
        cache.put(groupState, AT, this::record);
        cache.put(plainDirect(DIRECT, 1), AT, this::record);

        assertThat(cache.get(group)).isEqualTo(groupState);
        assertThat(cache.get(DIRECT)).isEqualTo(plainDirect(DIRECT, 1));
        assertThat(cache.weight()).isEqualTo(2 + 3);

        cache.clear();

        assertThat(cache.get(group)).isNull();
        assertThat(cache.get(DIRECT)).isNull();
        assertThat(cache.size()).isZero();
        assertThat(cache.misses()).isEqualTo(2);
    }

    @Test
    void should_stay_within_its_weight_and_forget_the_least_recently_used() {
        ConversationCache cache = new ConversationCache(3 * 64);
        for (long user = 100; user < 1_100; user++) {
            cache.put(plainDirect(ConversationId.direct(1, user), user), AT, this::record);
        }

        assertThat(cache.size()).isLessThanOrEqualTo(64);
        assertThat(cache.weight()).isLessThanOrEqualTo(3 * 64);
        ConversationId newest = ConversationId.direct(1, 1_099);
        assertThat(cache.get(newest)).isEqualTo(plainDirect(newest, 1_099));
        assertThat(cache.get(ConversationId.direct(1, 100))).isNull();
    }

    @Test
    void should_keep_plain_direct_conversations_in_the_map_when_the_table_has_no_room() {
        ConversationCache cache = new ConversationCache(10);

        cache.put(plainDirect(DIRECT, 2), AT, this::record);

        assertThat(cache.get(DIRECT)).isEqualTo(plainDirect(DIRECT, 2));
        assertThat(cache.size()).isEqualTo(1);
        assertThat(cache.weight()).isEqualTo(3);
    }

    @Test
    void should_replace_the_least_recently_used_way_of_a_set() {
        DirectSeqs table = new DirectSeqs(4);
        for (long high = 2; high <= 5; high++) {
            table.put(1, high, high * 10, high * 100, this::record);
        }
        assertThat(table.get(1, 2)).isEqualTo(20);
        assertThat(left).isEmpty();

        table.put(1, 6, 60, 600, this::record);

        assertThat(table.size()).isEqualTo(4);
        assertThat(table.get(1, 3)).isEqualTo(-1);
        assertThat(left).as("the replaced way, for its header row").containsExactly(new Left(1, 3, 30, 300));
        assertThat(table.get(1, 2)).isEqualTo(20);
        assertThat(table.get(1, 6)).isEqualTo(60);
        table.remove(1, 6);
        assertThat(table.get(1, 6)).isEqualTo(-1);
        assertThat(table.size()).isEqualTo(3);
        assertThat(left).hasSize(1);
    }

    @Test
    void should_hand_back_only_conversations_past_their_first_event_with_the_time_it_knows() {
        DirectSeqs table = new DirectSeqs(64);
        table.put(1, 2, 1, 100, this::record); // created: its row is current
        table.put(1, 3, 5, -1, this::record);
        table.put(1, 4, 7, 700, this::record);
        table.put(1, 4, 7, -1, this::record); // the same seq: the time stays
        table.put(1, 5, 9, 900, this::record);
        table.put(1, 5, 10, -1, this::record); // a later seq without its time: unknown

        table.forEachAhead(this::record);

        assertThat(left).containsExactlyInAnyOrder(new Left(1, 3, 5, -1), new Left(1, 4, 7, 700),
                new Left(1, 5, 10, -1));
        assertThat(table.size()).as("kept").isEqualTo(4);
    }

    @Test
    void should_hand_back_the_direct_conversations_the_map_drops_past_their_first_event() {
        ConversationCache cache = new ConversationCache(6);
        ConversationState seen = new ConversationState(DIRECT, ConversationKind.DIRECT, "", 5,
                Map.of(11L, new Member(11, Role.MEMBER, 5, 5), 22L, Member.joined(22, Role.MEMBER)));
        ConversationId other = ConversationId.direct(11, 33);
        cache.put(seen, AT, this::record);
        cache.put(new ConversationState(other, ConversationKind.DIRECT, "", 1,
                Map.of(11L, new Member(11, Role.MEMBER, 1, 1), 33L, Member.joined(33, Role.MEMBER))), AT, this::record);
        cache.forEachAhead(this::record);
        assertThat(left).containsExactly(new Left(11, 22, 5, -1));

        cache.put(new ConversationState(ConversationId.group(5), ConversationKind.GROUP, "team", 2,
                Map.of(11L, Member.joined(11, Role.OWNER), 22L, Member.joined(22, Role.MEMBER))), AT, this::record);

        assertThat(cache.get(DIRECT)).isNull();
        assertThat(left).as("the map's eldest, dropped").containsExactly(new Left(11, 22, 5, -1),
                new Left(11, 22, 5, -1));
    }

    private void record(long low, long high, long seq, long atMillis) {
        left.add(new Left(low, high, seq, atMillis));
    }

    private static ConversationState plainDirect(ConversationId id, long lastSeq) {
        long[] pair = id.directMembers();
        return new ConversationState(id, ConversationKind.DIRECT, "", lastSeq,
                Map.of(pair[0], Member.joined(pair[0], Role.MEMBER), pair[1], Member.joined(pair[1], Role.MEMBER)));
    }
}
