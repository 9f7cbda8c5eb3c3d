package io.cellchat.domain.chat.sequencing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.cellchat.domain.chat.ChatCommand;
import io.cellchat.domain.chat.ChatEvent;
import io.cellchat.domain.chat.ChatLimits;
import io.cellchat.domain.chat.ChatLog.Appended;
import io.cellchat.domain.chat.ChatRules;
import io.cellchat.domain.chat.CommandEnvelope;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.chat.ConversationState;
import io.cellchat.domain.chat.EventBody;
import io.cellchat.domain.chat.Member;
import io.cellchat.domain.chat.MessageBody;
import io.cellchat.domain.chat.ReceiptKind;
import io.cellchat.domain.chat.Role;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The sequencing core against an in-memory state store: what every sequencer does with one command. */
class SequencerTest {

    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final long CAROL = 3;
    private static final ConversationId DIRECT = ConversationId.direct(ALICE, BOB);
    private static final ConversationId GROUP = ConversationId.group(500);
    private static final Instant NOW = Instant.parse("2026-01-01T09:00:00Z");

    private final AtomicLong ids = new AtomicLong(1000);
    private final Sequencer sequencer = new Sequencer(new ChatRules(ChatLimits.DEFAULTS), ids::incrementAndGet,
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final InMemorySequencerState state = new InMemorySequencerState();

    @Test
    void should_create_a_direct_conversation_with_its_first_message_and_number_it_one() {
        Sequenced.EventsAppended first = (Sequenced.EventsAppended) run(ALICE, "k1", post(DIRECT, "hi"));

        assertThat(first.created()).isTrue();
        assertThat(first.appended()).isEqualTo(new Appended(DIRECT, 1, 1001));
        ChatEvent event = first.events().getFirst();
        assertThat(event.seq()).isEqualTo(1);
        assertThat(event.eventId()).isEqualTo(1001);
        assertThat(event.at()).isEqualTo(NOW);
        assertThat(((EventBody.MessagePosted) event.body()).idempotencyKey()).isEqualTo("k1");
        assertThat(first.conversation().lastSeq()).isEqualTo(1);
        assertThat(first.conversation().members().values())
                .containsExactlyInAnyOrder(Member.joined(ALICE, Role.MEMBER), Member.joined(BOB, Role.MEMBER));
        assertThat(first.deliveries()).singleElement().extracting(Delivery::recipients)
                .isEqualTo(java.util.Set.of(ALICE, BOB));
        assertThat(first.remembered()).hasValueSatisfying(record -> {
            assertThat(record.appended()).isEqualTo(first.appended());
            assertThat(record.fingerprint()).isEqualTo("fp-k1");
        });
    }

    @Test
    void should_number_each_command_after_the_last_sequence_number_it_reads() {
        List<Long> seqs = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            seqs.add(run(i % 2 == 0 ? ALICE : BOB, "", post(DIRECT, "m" + i)).appended().seq());
        }

        assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(state.conversations.get(DIRECT).lastSeq()).isEqualTo(5);
        assertThat(state.keys).isEmpty();
    }

    @Test
    void should_replay_the_first_result_of_a_key_and_refuse_it_for_other_content() {
        Appended first = run(ALICE, "k1", post(DIRECT, "hi")).appended();

        Sequenced retry = sequencer.sequence(envelope(ALICE, "k1", "fp-k1", post(DIRECT, "hi")), state);

        assertThat(retry).isEqualTo(new Sequenced.Unchanged(first));
        assertThat(retry.deliveries()).isEmpty();
        assertThatExceptionOfType(ChatException.class)
                .isThrownBy(() -> sequencer.sequence(envelope(ALICE, "k1", "other", post(DIRECT, "hey")), state))
                .satisfies(e -> assertThat(e.error()).isEqualTo(ChatError.IDEMPOTENCY_KEY_REUSED));
        assertThat(run(BOB, "k1", post(DIRECT, "bob's own k1")).appended().seq()).isEqualTo(2);
    }

    @Test
    void should_refuse_with_the_rules_and_leave_nothing_to_store() {
        run(ALICE, "", post(DIRECT, "hi"));

        assertThatExceptionOfType(ChatException.class)
                .isThrownBy(() -> sequencer.sequence(envelope(CAROL, "k9", "fp", post(DIRECT, "intruder")), state))
                .satisfies(e -> assertThat(e.error()).isEqualTo(ChatError.CONVERSATION_NOT_FOUND));
        assertThat(state.keys).isEmpty();
        assertThat(state.conversations.get(DIRECT).lastSeq()).isEqualTo(1);
    }

    @Test
    void should_keep_message_state_so_edits_deletes_and_reactions_follow_the_rules() {
        run(ALICE, "", post(DIRECT, "typo"));

        assertThat(run(ALICE, "", new ChatCommand.EditMessage(DIRECT, 1, text("typo"))))
                .isInstanceOf(Sequenced.Unchanged.class);
        assertThat(run(ALICE, "", new ChatCommand.EditMessage(DIRECT, 1, text("fixed"))).appended().seq())
                .isEqualTo(2);
        assertThat(state.message(DIRECT, 1)).contains(new MessageState(ALICE, false, "fixed"));
        assertThat(run(BOB, "", new ChatCommand.React(DIRECT, 1, "\uD83D\uDC4D", true)).appended().seq()).isEqualTo(3);
        assertThat(run(BOB, "", new ChatCommand.React(DIRECT, 1, "\uD83D\uDC4D", true))).isInstanceOf(Sequenced.Unchanged.class);
        assertThat(state.reactions(DIRECT, 1, BOB)).containsExactly("\uD83D\uDC4D");
        assertThatExceptionOfType(ChatException.class)
                .isThrownBy(() -> run(BOB, "", new ChatCommand.DeleteMessage(DIRECT, 1)))
                .satisfies(e -> assertThat(e.error()).isEqualTo(ChatError.NOT_YOUR_MESSAGE));
        assertThat(run(ALICE, "", new ChatCommand.DeleteMessage(DIRECT, 1)).appended().seq()).isEqualTo(4);
        assertThat(state.message(DIRECT, 1)).contains(new MessageState(ALICE, true, ""));
        assertThatExceptionOfType(ChatException.class)
                .isThrownBy(() -> run(BOB, "", new ChatCommand.React(DIRECT, 1, "\uD83D\uDC4D", false)))
                .satisfies(e -> assertThat(e.error()).isEqualTo(ChatError.MESSAGE_DELETED));
        assertThatExceptionOfType(ChatException.class)
                .isThrownBy(() -> run(BOB, "", new ChatCommand.React(DIRECT, 2, "\uD83D\uDC4D", true)))
                .satisfies(e -> assertThat(e.error()).isEqualTo(ChatError.MESSAGE_NOT_FOUND));
    }

    @Test
    void should_mark_a_new_group_read_for_its_creator_and_unread_for_the_others() {
        Sequenced.EventsAppended created = (Sequenced.EventsAppended) run(ALICE, "",
                new ChatCommand.CreateGroup(GROUP, " Team ", List.of(BOB, CAROL)));

        ConversationState group = created.conversation();
        assertThat(group.title()).isEqualTo("Team");
        assertThat(group.members().values()).containsExactlyInAnyOrder(new Member(ALICE, Role.OWNER, 1, 1),
                new Member(BOB, Role.MEMBER, 0, 0), new Member(CAROL, Role.MEMBER, 0, 0));
    }

    @Test
    void should_deliver_a_membership_change_to_the_members_before_and_after_it() {
        run(ALICE, "", new ChatCommand.CreateGroup(GROUP, "Team", List.of(BOB)));

        Sequenced added = run(ALICE, "", new ChatCommand.AddMembers(GROUP, List.of(CAROL)));
        Sequenced removed = run(ALICE, "", new ChatCommand.RemoveMember(GROUP, BOB));

        assertThat(added.deliveries()).singleElement().extracting(Delivery::recipients)
                .isEqualTo(java.util.Set.of(ALICE, BOB, CAROL));
        assertThat(state.conversations.get(GROUP).member(CAROL)).contains(new Member(CAROL, Role.MEMBER, 2, 2));
        assertThat(removed.deliveries()).singleElement().extracting(Delivery::recipients)
                .isEqualTo(java.util.Set.of(ALICE, BOB, CAROL));
        assertThat(state.conversations.get(GROUP).members()).doesNotContainKey(BOB);
    }

    @Test
    void should_number_both_events_of_an_ownership_handover_in_order() {
        run(ALICE, "", new ChatCommand.CreateGroup(GROUP, "Team", List.of(BOB)));

        Sequenced.EventsAppended handover = (Sequenced.EventsAppended) run(ALICE, "",
                new ChatCommand.SetRole(GROUP, BOB, Role.OWNER));

        assertThat(handover.events()).extracting(ChatEvent::seq).containsExactly(2L, 3L);
        assertThat(handover.appended()).isEqualTo(new Appended(GROUP, 3, 0));
        assertThat(handover.conversation().member(BOB).orElseThrow().role()).isEqualTo(Role.OWNER);
        assertThat(handover.conversation().member(ALICE).orElseThrow().role()).isEqualTo(Role.ADMIN);
        assertThat(handover.deliveries()).hasSize(2);
    }

    @Test
    void should_move_receipts_without_a_sequence_number_and_tell_the_members() {
        run(ALICE, "", post(DIRECT, "one"));
        run(ALICE, "", post(DIRECT, "two"));

        Sequenced.ReceiptsMoved moved = (Sequenced.ReceiptsMoved) run(BOB, "k",
                new ChatCommand.MarkReceipt(DIRECT, ReceiptKind.SEEN, 2));

        assertThat(moved.appended()).isEqualTo(new Appended(DIRECT, 0, 0));
        assertThat(moved.member()).isEqualTo(new Member(BOB, Role.MEMBER, 2, 2));
        assertThat(state.conversations.get(DIRECT).lastSeq()).isEqualTo(2);
        assertThat(state.conversations.get(DIRECT).member(BOB)).contains(new Member(BOB, Role.MEMBER, 2, 2));
        assertThat(moved.deliveries()).singleElement().satisfies(delivery -> {
            assertThat(delivery.recipients()).containsExactlyInAnyOrder(ALICE, BOB);
            assertThat(delivery.push()).isEqualTo(new Push.ReceiptMoved(DIRECT, moved.member()));
        });
        assertThat(run(BOB, "k2", new ChatCommand.MarkReceipt(DIRECT, ReceiptKind.DELIVERED, 1)))
                .isInstanceOf(Sequenced.Unchanged.class);
    }

    private Sequenced run(long actor, String key, ChatCommand command) {
        Sequenced sequenced = sequencer.sequence(envelope(actor, key, "fp-" + key, command), state);
        RulesProjection.save(sequenced, state);
        return sequenced;
    }

    private static CommandEnvelope envelope(long actor, String key, String fingerprint, ChatCommand command) {
        return new CommandEnvelope(actor, 1, key, fingerprint, command);
    }

    private static ChatCommand.PostMessage post(ConversationId id, String text) {
        return new ChatCommand.PostMessage(id, text(text), 0);
    }

    private static MessageBody.Text text(String text) {
        return new MessageBody.Text(text);
    }
}
