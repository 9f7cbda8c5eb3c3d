package io.cellchat.domain.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import java.text.Normalizer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** What the text rules promise for any input, checked over generated text. */
class TextRulesPropertyTest {

    private static final int MAX = 50;

    @Property(tries = 5000)
    void should_store_only_normalized_visible_text_within_the_limit(@ForAll("anyText") String raw) {
        String stored;
        try {
            stored = TextRules.messageText(raw, MAX);
        } catch (ChatException refused) {
            assertThat(refused.error()).isIn(ChatError.TEXT_EMPTY, ChatError.TEXT_TOO_LONG, ChatError.INVALID_ARGUMENT);
            return;
        }
        assertThat(Normalizer.isNormalized(stored, Normalizer.Form.NFC)).isTrue();
        assertThat(TextRules.isEmpty(stored)).isFalse();
        assertThat(TextRules.length(stored)).isBetween(1, MAX);
        assertThat(stored.codePoints().filter(cp -> Character.getType(cp) == Character.CONTROL))
                .allMatch(cp -> cp == '\t' || cp == '\n');
        assertThat(Character.isWhitespace(stored.codePointBefore(stored.length()))).isFalse();
        assertThat(TextRules.messageText(stored, MAX)).as("storing is idempotent").isEqualTo(stored);
    }

    @Property(tries = 3000)
    void should_refuse_text_made_only_of_invisible_characters(@ForAll("invisibleText") String raw) {
        assertThatExceptionOfType(ChatException.class).isThrownBy(() -> TextRules.messageText(raw, MAX))
                .matches(e -> e.error() == ChatError.TEXT_EMPTY || e.error() == ChatError.INVALID_ARGUMENT);
        assertThatExceptionOfType(ChatException.class).isThrownBy(() -> TextRules.label("title", raw, MAX))
                .matches(e -> e.error() == ChatError.INVALID_ARGUMENT);
    }

    @Property(tries = 3000)
    void should_store_labels_stripped_on_one_line(@ForAll("anyText") String raw) {
        String stored;
        try {
            stored = TextRules.label("title", raw, MAX);
        } catch (ChatException refused) {
            assertThat(refused.error()).isEqualTo(ChatError.INVALID_ARGUMENT);
            assertThat(refused.getMessage()).startsWith("title");
            return;
        }
        assertThat(stored).isEqualTo(stored.strip());
        assertThat(stored.codePoints()).noneMatch(cp -> Character.getType(cp) == Character.CONTROL);
        assertThat(TextRules.label("title", stored, MAX)).isEqualTo(stored);
    }

    @Property(tries = 2000)
    void should_accept_every_emoji_shown_as_emoji_and_refuse_it_with_a_letter(@ForAll("emojiPresentation") int cp,
            @ForAll("letters") char letter) {
        String emoji = Character.toString(cp);
        assertThat(Emoji.isOne(emoji)).isTrue();
        assertThat(Emoji.isOne(emoji + letter)).isFalse();
        assertThat(Emoji.isOne(letter + emoji)).isFalse();
    }

    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(8),
                Arbitraries.strings().withChars(" \t\n\r\u00a0\u200b\u3164\u2800\u0301\u0000e").ofMaxLength(8),
                Arbitraries.strings().withCharRange('a', 'z').ofMaxLength(20));
        return pieces.list().ofMaxSize(6).map(list -> String.join("", list))
                .filter(s -> s.codePoints().noneMatch(cp -> Character.getType(cp) == Character.SURROGATE));
    }

    @Provide
    Arbitrary<String> invisibleText() {
        return Arbitraries.strings()
                .withChars(" \t\n\u00a0\u2000\u3000\u200b\u200c\u200d\u2060\ufeff\u3164\u115f\u1160\uffa0\u2800"
                        + "\u0301\u0300\u20dd\u0000\u0001\u007f\u202e\u2028")
                .ofMinLength(1).ofMaxLength(12);
    }

    @Provide
    Arbitrary<Integer> emojiPresentation() {
        return Arbitraries.integers().between(0x2300, 0x1FAFF)
                .filter(cp -> Character.isEmojiPresentation(cp) && !Character.isEmojiModifier(cp)
                        && !(cp >= 0x1F1E6 && cp <= 0x1F1FF));
    }

    @Provide
    Arbitrary<Character> letters() {
        return Arbitraries.chars().alpha();
    }
}
