package io.cellchat.domain.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextRulesTest {

    private static ThrowableAssertAlternative<ChatException> refused(Runnable call, ChatError error) {
        return assertThatExceptionOfType(ChatException.class).isThrownBy(call::run)
                .matches(e -> e.error() == error, "error " + error);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\u3164", "\u115F\u1160", "\uFFA0", "\u2800", "\u0000", "\u0001\u0002", "\u0301", "\u0301\u0302",
        "\u200B\u200B", "\u200D", "\uFEFF", "\u00A0", "\u3000", " \t\n ", "\u2028", "\u202E", "\uFE0F",
        "\u180E", "\u2060\u2061"
    })
    void should_count_text_of_only_invisible_characters_as_empty(String text) {
        assertThat(TextRules.isEmpty(text)).as("%s", text.codePoints().mapToObj(TextRules::codePoint).toList())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "e\u0301", ".", "\uD83D\uDE00", "\u05D0", "\u3042", "\uE000", "\u00A0x"})
    void should_count_text_with_one_visible_character_as_not_empty(String text) {
        assertThat(TextRules.isEmpty(text)).isFalse();
    }

    @Test
    void should_refuse_message_text_of_invisible_characters_only_as_text_empty() {
        refused(() -> TextRules.messageText("\u3164\u3164", 10), ChatError.TEXT_EMPTY)
                .withMessage("text: only invisible characters (expected: at least one visible character)");
        refused(() -> TextRules.messageText("", 10), ChatError.TEXT_EMPTY)
                .withMessage("text: empty (expected: at least one visible character)");
        refused(() -> TextRules.messageText("\u0301", 10), ChatError.TEXT_EMPTY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hi\u0000", "\u0007bell", "a\u007Fb", "a\u0085b", "x\u001Bx"})
    void should_refuse_control_characters_in_message_text(String text) {
        refused(() -> TextRules.messageText(text, 100), ChatError.INVALID_ARGUMENT)
                .withMessageContaining("(expected: no control characters but tab and line feed)");
    }

    @Test
    void should_refuse_nul_naming_the_code_point_and_index() {
        refused(() -> TextRules.messageText("ab\u0000", 100), ChatError.INVALID_ARGUMENT)
                .withMessage("text: U+0000 at index 2 (expected: no control characters but tab and line feed)");
    }

    @Test
    void should_keep_tabs_line_feeds_and_leading_indentation_but_drop_trailing_whitespace() {
        assertThat(TextRules.messageText("  code:\n\tx = 1  \n \u00A0", 100)).isEqualTo("  code:\n\tx = 1");
    }

    @Test
    void should_store_line_breaks_as_line_feeds() {
        assertThat(TextRules.messageText("a\r\nb\rc", 100)).isEqualTo("a\nb\nc");
    }

    @Test
    void should_normalize_to_nfc_and_count_after_normalizing() {
        String decomposed = "e\u0301".repeat(4);

        assertThat(TextRules.messageText(decomposed, 4)).isEqualTo("\u00E9".repeat(4));
        refused(() -> TextRules.messageText(decomposed + "e\u0301", 4), ChatError.TEXT_TOO_LONG)
                .withMessage("text length: 5 (expected: <= 4)");
    }

    @Test
    void should_count_code_points_not_chars() {
        String grinning = "\uD83D\uDE00";

        assertThat(TextRules.messageText(grinning.repeat(3), 3)).hasSize(6);
        refused(() -> TextRules.messageText(grinning.repeat(4), 3), ChatError.TEXT_TOO_LONG);
    }

    @Test
    void should_strip_a_label_and_refuse_one_without_a_visible_character() {
        assertThat(TextRules.label("title", "  Team \u00A0", 100)).isEqualTo("Team");
        refused(() -> TextRules.label("title", "\u200B\u200B", 100), ChatError.INVALID_ARGUMENT)
                .withMessage("title: only invisible characters (expected: at least one visible character)");
        refused(() -> TextRules.label("title", "   ", 100), ChatError.INVALID_ARGUMENT)
                .withMessage("title length: 0 (expected: 1..100)");
    }

    @Test
    void should_refuse_a_label_over_its_length_or_with_a_line_break() {
        refused(() -> TextRules.label("title", "t".repeat(101), 100), ChatError.INVALID_ARGUMENT)
                .withMessage("title length: 101 (expected: 1..100)");
        refused(() -> TextRules.label("title", "a\nb", 100), ChatError.INVALID_ARGUMENT)
                .withMessage("title: U+000A at index 1 (expected: one line of text, no control characters)");
    }
}
