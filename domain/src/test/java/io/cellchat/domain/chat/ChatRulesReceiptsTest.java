package io.cellchat.domain.chat;

import io.cellchat.domain.error.ChatError;

import static io.cellchat.domain.chat.ChatFixtures.ALICE;
import static io.cellchat.domain.chat.ChatFixtures.BOB;
import static io.cellchat.domain.chat.ChatFixtures.DIRECT;
import static io.cellchat.domain.chat.ChatFixtures.GROUP;
import static io.cellchat.domain.chat.ChatFixtures.MALLORY;
import static io.cellchat.domain.chat.ChatFixtures.assertRefused;
import static io.cellchat.domain.chat.ChatFixtures.group;
import static io.cellchat.domain.chat.ChatFixtures.members;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.domain.chat.ChatCommand.MarkReceipt;
import io.cellchat.domain.chat.Decision.MoveReceipts;
import io.cellchat.domain.chat.Decision.NoChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChatRulesReceiptsTest {

    private final ChatRules rules = new ChatRules(ChatLimits.DEFAULTS);

    /** A direct conversation of ten events where Alice has these marks. */
    private static ConversationState aliceAt(long delivered, long seen) {
        return new ConversationState(DIRECT, ConversationKind.DIRECT, "", 10,
                members(new Member(ALICE, Role.MEMBER, delivered, seen), Member.joined(BOB, Role.MEMBER)));
    }

    private Decision mark(ConversationState state, ReceiptKind kind, long upTo) {
        return rules.decide(state, null, ALICE, new MarkReceipt(state == null ? DIRECT : state.id(), kind, upTo));
    }

    @Test
    void should_move_delivered_forward_and_leave_seen_alone() {
        assertThat(mark(aliceAt(0, 0), ReceiptKind.DELIVERED, 3))
                .isEqualTo(new MoveReceipts(new Member(ALICE, Role.MEMBER, 3, 0)));
    }

    @Test
    void should_move_delivered_along_with_seen_since_seen_implies_delivered() {
        assertThat(mark(aliceAt(2, 0), ReceiptKind.SEEN, 5))
                .isEqualTo(new MoveReceipts(new Member(ALICE, Role.MEMBER, 5, 5)));
    }

    @Test
    void should_move_seen_without_moving_delivered_back() {
        assertThat(mark(aliceAt(8, 1), ReceiptKind.SEEN, 3))
                .isEqualTo(new MoveReceipts(new Member(ALICE, Role.MEMBER, 8, 3)));
    }

    @ParameterizedTest(name = "{0} up to {3} with delivered {1} and seen {2}")
    @CsvSource({
        "DELIVERED, 5, 0, 3",
        "DELIVERED, 5, 5, 5",
        "DELIVERED, 6, 6, 4",
        "SEEN,      6, 4, 2",
        "SEEN,      6, 4, 4",
        "DELIVERED, 0, 0, 0",
        "SEEN,      0, 0, 0",
    })
    void should_change_nothing_when_the_marks_would_not_move_forward(ReceiptKind kind, long delivered, long seen,
            long upTo) {
        assertThat(mark(aliceAt(delivered, seen), kind, upTo)).isEqualTo(new NoChange());
    }

    @Test
    void should_accept_marks_up_to_the_latest_event() {
        assertThat(mark(aliceAt(0, 0), ReceiptKind.SEEN, 10))
                .isEqualTo(new MoveReceipts(new Member(ALICE, Role.MEMBER, 10, 10)));
    }

    @ParameterizedTest
    @CsvSource({"DELIVERED, 11", "SEEN, 11", "DELIVERED, -1", "SEEN, -1", "SEEN, " + Long.MAX_VALUE})
    void should_refuse_marks_beyond_the_latest_event_or_negative(ReceiptKind kind, long upTo) {
        assertRefused(() -> mark(aliceAt(0, 0), kind, upTo), ChatError.INVALID_ARGUMENT)
                .withMessage("up_to_seq: " + upTo + " (expected: 0..10)");
    }

    @Test
    void should_keep_the_members_role_when_moving_their_marks() {
        ConversationState state = group("Team", 7, new Member(ALICE, Role.ADMIN, 1, 1), Member.joined(BOB, Role.OWNER));

        assertThat(rules.decide(state, null, ALICE, new MarkReceipt(GROUP, ReceiptKind.DELIVERED, 7)))
                .isEqualTo(new MoveReceipts(new Member(ALICE, Role.ADMIN, 7, 1)));
    }

    @Test
    void should_refuse_marks_from_a_non_member() {
        assertRefused(() -> rules.decide(aliceAt(0, 0), null, MALLORY, new MarkReceipt(DIRECT, ReceiptKind.SEEN, 1)),
                ChatError.CONVERSATION_NOT_FOUND)
                .withMessageContaining("d:1:2");
    }

    @Test
    void should_refuse_marks_in_a_conversation_that_does_not_exist() {
        assertRefused(() -> mark(null, ReceiptKind.SEEN, 0), ChatError.CONVERSATION_NOT_FOUND)
                .withMessageContaining("d:1:2");
    }
}
