package io.cellchat.domain.chat;

import io.cellchat.domain.error.ChatError;

import static io.cellchat.domain.chat.ChatFixtures.ALICE;
import static io.cellchat.domain.chat.ChatFixtures.BOB;
import static io.cellchat.domain.chat.ChatFixtures.CAROL;
import static io.cellchat.domain.chat.ChatFixtures.DIRECT;
import static io.cellchat.domain.chat.ChatFixtures.GROUP;
import static io.cellchat.domain.chat.ChatFixtures.MALLORY;
import static io.cellchat.domain.chat.ChatFixtures.assertRefused;
import static io.cellchat.domain.chat.ChatFixtures.deletedMessage;
import static io.cellchat.domain.chat.ChatFixtures.direct;
import static io.cellchat.domain.chat.ChatFixtures.message;
import static io.cellchat.domain.chat.ChatFixtures.team;
import static io.cellchat.domain.chat.ChatFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import io.cellchat.domain.chat.ChatCommand.DeleteMessage;
import io.cellchat.domain.chat.ChatCommand.EditMessage;
import io.cellchat.domain.chat.ChatCommand.PostMessage;
import io.cellchat.domain.chat.ChatCommand.React;
import io.cellchat.domain.chat.Decision.Append;
import io.cellchat.domain.chat.Decision.NoChange;
import io.cellchat.domain.chat.EventBody.MessageDeleted;
import io.cellchat.domain.chat.EventBody.MessageEdited;
import io.cellchat.domain.chat.EventBody.MessagePosted;
import io.cellchat.domain.chat.EventBody.ReactionChanged;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatRulesMessagesTest {

    private static final String GRINNING = "\uD83D\uDE00"; // U+1F600, one code point, two chars

    private final ChatRules rules = new ChatRules(ChatLimits.DEFAULTS);

    private static Append posted(String text, long replyToSeq) {
        return new Append(List.of(MessagePosted.posted(new MessageBody.Text(text), replyToSeq, "")));
    }

    @Nested
    class Post {

        @ParameterizedTest
        @ValueSource(longs = {ALICE, BOB})
        void should_create_a_direct_conversation_with_the_first_message_of_either_of_its_two_users(long actor) {
            Decision decision = rules.decide(null, null, actor, new PostMessage(DIRECT, text("hi"), 0));

            assertThat(decision).isEqualTo(posted("hi", 0));
        }

        @Test
        void should_refuse_a_first_direct_message_from_a_third_user() {
            assertRefused(() -> rules.decide(null, null, CAROL, new PostMessage(DIRECT, text("hi"), 0)),
                    ChatError.CONVERSATION_NOT_FOUND)
                    .withMessageContaining("d:1:2");
        }

        @Test
        void should_refuse_a_reply_in_a_direct_conversation_that_does_not_exist_yet() {
            assertRefused(() -> rules.decide(null, null, ALICE, new PostMessage(DIRECT, text("hi"), 3)),
                    ChatError.INVALID_ARGUMENT)
                    .withMessageContaining("reply_to_seq: 3");
        }

        @Test
        void should_refuse_a_post_to_a_group_that_does_not_exist() {
            assertRefused(() -> rules.decide(null, null, ALICE, new PostMessage(GROUP, text("hi"), 0)),
                    ChatError.CONVERSATION_NOT_FOUND)
                    .withMessage("no conversation g:1000 of yours");
        }

        @Test
        void should_post_to_an_existing_conversation_as_a_member() {
            assertThat(rules.decide(direct(4), null, BOB, new PostMessage(DIRECT, text("again"), 0)))
                    .isEqualTo(posted("again", 0));
            assertThat(rules.decide(team(), null, CAROL, new PostMessage(GROUP, text("hello team"), 0)))
                    .isEqualTo(posted("hello team", 0));
        }

        @Test
        void should_answer_an_outsider_posting_to_an_existing_conversation_as_if_it_did_not_exist() {
            assertRefused(() -> rules.decide(team(), null, MALLORY, new PostMessage(GROUP, text("hi"), 0)),
                    ChatError.CONVERSATION_NOT_FOUND)
                    .withMessageContaining("g:1000");
            assertRefused(() -> rules.decide(direct(4), null, CAROL, new PostMessage(DIRECT, text("hi"), 0)),
                    ChatError.CONVERSATION_NOT_FOUND)
                    .withMessageContaining("d:1:2");
        }

        @Test
        void should_accept_a_reply_to_a_message_of_the_conversation() {
            Decision decision = rules.decide(direct(4), message(3, ALICE, "question?"), BOB,
                    new PostMessage(DIRECT, text("answer"), 3));

            assertThat(decision).isEqualTo(posted("answer", 3));
        }

        @Test
        void should_accept_a_reply_to_a_deleted_message_since_it_stays_as_a_tombstone() {
            Decision decision = rules.decide(direct(4), deletedMessage(3, ALICE), BOB,
                    new PostMessage(DIRECT, text("answer"), 3));

            assertThat(decision).isEqualTo(posted("answer", 3));
        }

        @Test
        void should_refuse_a_reply_to_a_message_that_does_not_exist() {
            assertRefused(() -> rules.decide(direct(4), null, BOB, new PostMessage(DIRECT, text("answer"), 7)),
                    ChatError.INVALID_ARGUMENT)
                    .withMessageContaining("reply_to_seq: 7");
        }

        @Test
        void should_refuse_a_reply_when_the_target_found_is_another_message() {
            assertRefused(() -> rules.decide(direct(9), message(4, ALICE, "x"), BOB,
                    new PostMessage(DIRECT, text("answer"), 7)), ChatError.INVALID_ARGUMENT)
                    .withMessageContaining("reply_to_seq: 7");
        }
    }

    @Nested
    class TextLimits {

        @Test
        void should_accept_a_text_of_exactly_the_maximum_length() {
            String text = "a".repeat(4096);

            assertThat(rules.decide(direct(1), null, ALICE, new PostMessage(DIRECT, text(text), 0)))
                    .isEqualTo(posted(text, 0));
        }

        @Test
        void should_refuse_a_text_one_character_too_long() {
            assertRefused(() -> rules.decide(direct(1), null, ALICE,
                    new PostMessage(DIRECT, text("a".repeat(4097)), 0)), ChatError.TEXT_TOO_LONG)
                    .withMessage("text length: 4097 (expected: <= 4096)");
        }

        @Test
        void should_count_an_emoji_made_of_a_surrogate_pair_as_one_character() {
            String longest = GRINNING.repeat(4096);
            assertThat(longest).hasSize(8192);

            assertThatNoException().isThrownBy(() -> rules.validateBody(text(longest)));
            assertRefused(() -> rules.validateBody(text(GRINNING.repeat(4097))), ChatError.TEXT_TOO_LONG)
                    .withMessage("text length: 4097 (expected: <= 4096)");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "   ", "\t\n", "\r\n \u2003"})
        void should_refuse_a_blank_text(String blank) {
            assertRefused(() -> rules.decide(direct(1), null, ALICE, new PostMessage(DIRECT, text(blank), 0)),
                    ChatError.TEXT_EMPTY)
                    .withMessageContaining("text: empty");
        }

        @Test
        void should_check_the_text_before_anything_else_even_for_a_new_conversation() {
            assertRefused(() -> rules.decide(null, null, CAROL, new PostMessage(DIRECT, text(" "), 0)),
                    ChatError.TEXT_EMPTY);
        }

        @Test
        void should_apply_the_configured_maximum_length() {
            ChatRules strict = new ChatRules(new ChatLimits(5, 3, 100, 32, 64));

            assertThatNoException().isThrownBy(() -> strict.validateBody(text("abcde")));
            assertRefused(() -> strict.validateBody(text("abcdef")), ChatError.TEXT_TOO_LONG)
                    .withMessage("text length: 6 (expected: <= 5)");
        }
    }

    @Nested
    class Edit {

        @Test
        void should_edit_ones_own_message() {
            Decision decision = rules.decide(direct(5), message(3, ALICE, "helo"), ALICE,
                    new EditMessage(DIRECT, 3, text("hello")));

            assertThat(decision).isEqualTo(new Append(List.of(new MessageEdited(3, text("hello")))));
        }

        @Test
        void should_refuse_an_edit_of_someone_elses_message() {
            assertRefused(() -> rules.decide(direct(5), message(3, BOB, "hi"), ALICE,
                    new EditMessage(DIRECT, 3, text("hello"))), ChatError.NOT_YOUR_MESSAGE)
                    .withMessageContaining("message 3");
        }

        @Test
        void should_refuse_an_edit_of_a_message_that_does_not_exist() {
            assertRefused(() -> rules.decide(direct(5), null, ALICE, new EditMessage(DIRECT, 3, text("x"))),
                    ChatError.MESSAGE_NOT_FOUND)
                    .withMessage("no message with seq 3 in d:1:2");
            assertRefused(() -> rules.decide(direct(5), message(4, ALICE, "y"), ALICE,
                    new EditMessage(DIRECT, 3, text("x"))), ChatError.MESSAGE_NOT_FOUND)
                    .withMessageContaining("seq 3");
        }

        @Test
        void should_refuse_an_edit_of_a_deleted_message() {
            assertRefused(() -> rules.decide(direct(5), deletedMessage(3, ALICE), ALICE,
                    new EditMessage(DIRECT, 3, text("x"))), ChatError.MESSAGE_DELETED)
                    .withMessage("message 3 is deleted");
        }

        @Test
        void should_change_nothing_when_an_edit_keeps_the_same_text() {
            assertThat(rules.decide(direct(5), message(3, ALICE, "same"), ALICE,
                    new EditMessage(DIRECT, 3, text("same")))).isEqualTo(new NoChange());
        }

        @Test
        void should_refuse_an_edit_to_a_blank_or_too_long_text() {
            assertRefused(() -> rules.decide(direct(5), message(3, ALICE, "hi"), ALICE,
                    new EditMessage(DIRECT, 3, text("  "))), ChatError.TEXT_EMPTY);
            assertRefused(() -> rules.decide(direct(5), message(3, ALICE, "hi"), ALICE,
                    new EditMessage(DIRECT, 3, text("a".repeat(4097)))), ChatError.TEXT_TOO_LONG)
                    .withMessageContaining("4097");
        }

        @Test
        void should_refuse_an_edit_in_a_conversation_that_does_not_exist() {
            assertRefused(() -> rules.decide(null, null, ALICE, new EditMessage(DIRECT, 3, text("x"))),
                    ChatError.CONVERSATION_NOT_FOUND)
                    .withMessageContaining("d:1:2");
        }

        @Test
        void should_refuse_an_edit_by_someone_who_is_not_a_member() {
            assertRefused(() -> rules.decide(team(), message(3, MALLORY, "x"), MALLORY,
                    new EditMessage(GROUP, 3, text("y"))), ChatError.CONVERSATION_NOT_FOUND)
                    .withMessageContaining("g:1000");
        }
    }

    @Nested
    class Delete {

        @Test
        void should_delete_ones_own_message() {
            assertThat(rules.decide(direct(5), message(3, BOB, "oops"), BOB, new DeleteMessage(DIRECT, 3)))
                    .isEqualTo(new Append(List.of(new MessageDeleted(3))));
        }

        @Test
        void should_refuse_a_delete_of_someone_elses_message() {
            assertRefused(() -> rules.decide(team(), message(3, CAROL, "x"), ALICE, new DeleteMessage(GROUP, 3)),
                    ChatError.NOT_YOUR_MESSAGE)
                    .withMessageContaining("message 3");
        }

        @Test
        void should_change_nothing_when_the_message_is_already_deleted() {
            assertThat(rules.decide(direct(5), deletedMessage(3, BOB), BOB, new DeleteMessage(DIRECT, 3)))
                    .isEqualTo(new NoChange());
        }

        @Test
        void should_refuse_a_delete_of_a_message_that_does_not_exist() {
            assertRefused(() -> rules.decide(direct(5), null, BOB, new DeleteMessage(DIRECT, 8)),
                    ChatError.MESSAGE_NOT_FOUND)
                    .withMessageContaining("seq 8");
        }

        @Test
        void should_refuse_a_delete_by_a_non_member_or_in_a_missing_conversation() {
            assertRefused(() -> rules.decide(team(), message(3, MALLORY, "x"), MALLORY, new DeleteMessage(GROUP, 3)),
                    ChatError.CONVERSATION_NOT_FOUND);
            assertRefused(() -> rules.decide(null, null, ALICE, new DeleteMessage(GROUP, 3)),
                    ChatError.CONVERSATION_NOT_FOUND)
                    .withMessageContaining("g:1000");
        }
    }

    @Nested
    class Reactions {

        private static TargetMessage reactedBy(String... emojis) {
            return new TargetMessage(3, BOB, false, "hi", Set.of(emojis));
        }

        @Test
        void should_add_a_reaction_to_someone_elses_message() {
            assertThat(rules.decide(direct(5), reactedBy(), ALICE, new React(DIRECT, 3, "👍", true)))
                    .isEqualTo(new Append(List.of(new ReactionChanged(3, "👍", true))));
        }

        @Test
        void should_remove_a_reaction_the_actor_put() {
            assertThat(rules.decide(direct(5), reactedBy("👍"), ALICE, new React(DIRECT, 3, "👍", false)))
                    .isEqualTo(new Append(List.of(new ReactionChanged(3, "👍", false))));
        }

        @Test
        void should_change_nothing_when_adding_a_reaction_already_there() {
            assertThat(rules.decide(direct(5), reactedBy("👍"), ALICE, new React(DIRECT, 3, "👍", true)))
                    .isEqualTo(new NoChange());
        }

        @Test
        void should_change_nothing_when_removing_a_reaction_that_is_not_there() {
            assertThat(rules.decide(direct(5), reactedBy("🎉"), ALICE, new React(DIRECT, 3, "👍", false)))
                    .isEqualTo(new NoChange());
        }

        @Test
        void should_refuse_a_reaction_on_a_deleted_message() {
            assertRefused(() -> rules.decide(direct(5), deletedMessage(3, BOB), ALICE,
                    new React(DIRECT, 3, "👍", true)), ChatError.MESSAGE_DELETED)
                    .withMessage("message 3 is deleted");
        }

        @Test
        void should_refuse_a_reaction_on_a_message_that_does_not_exist() {
            assertRefused(() -> rules.decide(direct(5), null, ALICE, new React(DIRECT, 4, "👍", true)),
                    ChatError.MESSAGE_NOT_FOUND)
                    .withMessageContaining("seq 4");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", " ", "a b", "👍\t", "\u2003x", "\u200b", "\u0000", "a", "👍👍"})
        void should_refuse_a_reaction_that_is_not_one_emoji(String emoji) {
            assertRefused(() -> rules.decide(direct(5), reactedBy(), ALICE, new React(DIRECT, 3, emoji, true)),
                    ChatError.INVALID_ARGUMENT)
                    .withMessageStartingWith("emoji: ")
                    .withMessageEndingWith("(expected: one emoji, at most 32 code points)");
        }

        @Test
        void should_accept_a_long_zwj_sequence_as_one_emoji() {
            String family = "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67\u200D\uD83D\uDC66";

            assertThat(rules.decide(direct(5), reactedBy(), ALICE, new React(DIRECT, 3, family, true)))
                    .isEqualTo(new Append(List.of(new ReactionChanged(3, family, true))));
        }

        @Test
        void should_refuse_a_reaction_by_a_non_member() {
            assertRefused(() -> rules.decide(team(), reactedBy(), MALLORY, new React(GROUP, 3, "👍", true)),
                    ChatError.CONVERSATION_NOT_FOUND)
                    .withMessageContaining("g:1000");
        }
    }
}
