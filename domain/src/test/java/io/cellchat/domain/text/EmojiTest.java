package io.cellchat.domain.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmojiTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "\uD83D\uDC4D",                                             // 👍
        "\uD83D\uDE00",                                             // 😀
        "\u2764\uFE0F",                                             // ❤️
        "\uD83D\uDC4D\uD83C\uDFFD",                                 // 👍🏽
        "\uD83C\uDDEB\uD83C\uDDF7",                                 // 🇫🇷
        "1\uFE0F\u20E3",                                            // 1️⃣
        "#\uFE0F\u20E3",                                            // #️⃣
        "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67",         // 👩‍👩‍👧
        "\uD83C\uDFF3\uFE0F\u200D\uD83C\uDF08",                     // 🏳️‍🌈
        "\uD83C\uDFC3\u200D\u2640\uFE0F",                           // 🏃‍♀️
        "\uD83C\uDFC3\u200D\u2640",                                 // 🏃‍♀ (minimally qualified)
        "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62\uDB40\uDC73\uDB40\uDC63\uDB40\uDC74\uDB40\uDC7F", // 🏴 Scotland
        "\uD83E\uDEE0",                                             // 🫠 (Unicode 14)
        "\uD83C\uDFFD",                                             // a skin tone alone shows as a swatch
    })
    void should_accept_one_emoji_in_each_documented_form(String emoji) {
        assertThat(Emoji.isOne(emoji)).as(emoji).isTrue();
        assertThat(Emoji.reaction(emoji, 32)).isEqualTo(emoji);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", " ", "a", "1", "#", "\u200B", "\u0000", "\u2764",       // ❤ without FE0F is text by default
        "\u2764\uFE0E",                                             // forced to text
        "\uD83D\uDC4D\uD83D\uDC4D",                                 // two emoji
        "\uD83C\uDDEB",                                             // half a flag
        "\uD83C\uDDEB\uD83C\uDDF7\uD83C\uDDE9",                     // a flag and a half
        "\uD83D\uDC4D\u200D",                                       // dangling joiner
        "\u200D\uD83D\uDC4D",                                       // leading joiner
        "\uD83D\uDC4D ",                                            // trailing space
        "1\u20E3x",                                                 // keycap with extra
        "\uD83C\uDFF4\uDB40\uDC67\uDB40\uDC62",                     // tag sequence without its end
    })
    void should_refuse_anything_but_one_emoji(String text) {
        assertThat(Emoji.isOne(text)).as("%s", text.codePoints().mapToObj(TextRules::codePoint).toList())
                .isFalse();
    }
}
