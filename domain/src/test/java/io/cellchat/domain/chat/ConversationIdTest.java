package io.cellchat.domain.chat;

import io.cellchat.domain.error.ChatError;

import io.cellchat.domain.error.ChatException;

import static io.cellchat.domain.chat.ChatFixtures.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ConversationIdTest {

    @Test
    void should_parse_a_direct_id_with_the_lower_user_first() {
        ConversationId id = ConversationId.parse("d:1:2");

        assertThat(id.value()).isEqualTo("d:1:2");
        assertThat(id.isDirect()).isTrue();
        assertThat(id.kind()).isEqualTo(ConversationKind.DIRECT);
        assertThat(id.directMembers()).containsExactly(1, 2);
        assertThat(id).isEqualTo(ConversationId.direct(2, 1)).hasToString("d:1:2");
    }

    @Test
    void should_parse_a_group_id() {
        ConversationId id = ConversationId.parse("g:123");

        assertThat(id.value()).isEqualTo("g:123");
        assertThat(id.isDirect()).isFalse();
        assertThat(id.kind()).isEqualTo(ConversationKind.GROUP);
        assertThat(id).isEqualTo(ConversationId.group(123));
    }

    @Test
    void should_give_the_same_direct_id_whichever_user_comes_first_and_parse_it_back() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 1_000; i++) {
            long a = 1 + random.nextLong(Long.MAX_VALUE - 1);
            long b = 1 + random.nextLong(Long.MAX_VALUE - 1);
            if (a == b) {
                continue;
            }
            ConversationId id = ConversationId.direct(a, b);

            assertThat(ConversationId.direct(b, a)).isEqualTo(id);
            assertThat(ConversationId.parse(id.value())).isEqualTo(id);
            assertThat(id.directMembers()).containsExactly(Math.min(a, b), Math.max(a, b));
        }
    }

    @Test
    void should_parse_back_the_largest_group_id() {
        assertThat(ConversationId.parse("g:" + Long.MAX_VALUE)).isEqualTo(ConversationId.group(Long.MAX_VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "d:2:1", "d:1:1", "d:0:5", "d:-1:5", "d:1", "d:1:2:3", "d:a:b", "d::2", "d:1:99999999999999999999",
        "g:abc", "g:-1", "g:0", "g:012", "g:+5", "g:", "g:1.0", "g: 1", "x:1:2", "G:1", "D:1:2", "1:2",
        "d:1:", "d:", "d:5:3", "g:99999999999999999999", "d:99999999999999999999:1",
        "d:9223372036854775807:9223372036854775808", "g:\u0661\u0662", "d:\u0661:\u0662"
    })
    void should_refuse_an_id_in_neither_form(String value) {
        assertRefused(() -> ConversationId.parse(value), ChatError.INVALID_ARGUMENT)
                .withMessage("conversation_id: " + value + " (expected: d:<low user>:<high user> or g:<group id>)");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void should_refuse_a_missing_id(String value) {
        assertRefused(() -> ConversationId.parse(value), ChatError.INVALID_ARGUMENT)
                .withMessage("conversation_id: missing");
    }

    @Test
    void should_refuse_an_id_longer_than_64_characters_before_parsing_it() {
        String tooLong = "g:" + "1".repeat(63);

        assertThat(tooLong).hasSize(65);
        assertRefused(() -> ConversationId.parse(tooLong), ChatError.INVALID_ARGUMENT)
                .withMessage("conversation_id length: 65 (expected: <= 64)");
    }

    @Test
    void should_refuse_a_direct_conversation_with_oneself() {
        assertRefused(() -> ConversationId.direct(42, 42), ChatError.INVALID_ARGUMENT)
                .withMessageContaining("42");
    }

    @Test
    void should_refuse_the_members_of_a_group_id() {
        assertThatIllegalStateException().isThrownBy(() -> ConversationId.group(5).directMembers())
                .withMessageContaining("g:5");
    }

    /**
     * BUG (ConversationId.parse, direct branch): the direct form is documented as {@code d:<lower user id>:<higher user
     * id>}, deterministic so that every client lands in the same conversation, and parse "refuses anything not in one of
     * the two forms". The group branch enforces the canonical form ({@code value.equals("g:" + id)}); the direct branch
     * does not, so these are accepted as IDs distinct from {@code d:1:2}: a trailing ':' is dropped by
     * {@code String.split}, and {@code Long.parseLong} accepts leading zeros and '+'.
     */
    @ParameterizedTest
    @ValueSource(strings = {"d:1:2:", "d:1:2::", "d:01:2", "d:+1:2", "d:1:0002"})
    void should_refuse_a_direct_id_that_is_not_in_its_canonical_form(String value) {
        Throwable thrown = catchThrowable(() -> ConversationId.parse(value));

        assertThat(thrown)
                .as("BUG: '%s' is accepted as a direct id distinct from the canonical '%s'", value,
                        ConversationId.direct(1, 2))
                .isInstanceOfSatisfying(ChatException.class,
                        e -> assertThat(e.error()).isEqualTo(ChatError.INVALID_ARGUMENT))
                .hasMessageContaining(value);
    }
}
