package io.cellchat.domain.text;

import static io.cellchat.domain.error.ChatError.INVALID_ARGUMENT;

import io.cellchat.domain.error.ChatException;

/**
 * What a reaction may be: exactly one emoji, shown as an emoji. Accepted forms (Unicode Technical Standard #51),
 * read with the JDK's emoji properties, so the set grows with the JDK's Unicode version:
 * <ul>
 *   <li>a character whose default presentation is emoji (😀), or any emoji character followed by U+FE0F (❤️);</li>
 *   <li>an emoji modifier sequence: a modifier base and a skin tone (👍🏽);</li>
 *   <li>a flag: two regional indicators (🇫🇷), or a tag sequence such as 🏴󠁧󠁢󠁳󠁣󠁴󠁿;</li>
 *   <li>a keycap: {@code 0-9 # *}, U+FE0F, U+20E3 (1️⃣);</li>
 *   <li>a ZWJ sequence of the above (👩‍👩‍👧, 🏳️‍🌈): the first element shown as an emoji, the others emoji
 *       characters.</li>
 * </ul>
 * Anything else (letters, a zero-width space, NUL, two emoji, an emoji forced to text with U+FE0E) is refused.
 */
public final class Emoji {

    private static final int ZWJ = 0x200D;
    private static final int EMOJI_PRESENTATION = 0xFE0F;
    private static final int KEYCAP = 0x20E3;
    private static final int CANCEL_TAG = 0xE007F;

    private Emoji() {}

    /**
     * A valid reaction, unchanged.
     *
     * @throws ChatException {@code INVALID_ARGUMENT} if it is not one emoji of at most {@code maxLength} code points
     */
    public static String reaction(String raw, int maxLength) {
        int length = TextRules.length(raw);
        if (length > maxLength || !isOne(raw)) {
            throw new ChatException(INVALID_ARGUMENT, "emoji: " + describe(raw)
                    + " (expected: one emoji, at most " + maxLength + " code points)");
        }
        return raw;
    }

    /** Whether {@code text} is exactly one emoji in one of the forms of the class comment. */
    public static boolean isOne(String text) {
        int[] cps = text.codePoints().toArray();
        if (cps.length == 0) {
            return false;
        }
        if (cps.length == 2 && isRegionalIndicator(cps[0]) && isRegionalIndicator(cps[1])) {
            return true;
        }
        if (isKeycapBase(cps[0])) {
            return cps.length == 3 && cps[1] == EMOJI_PRESENTATION && cps[2] == KEYCAP;
        }
        int i = element(cps, 0, true);
        while (i > 0 && i < cps.length) {
            if (cps[i] != ZWJ || i + 1 == cps.length) {
                return false;
            }
            i = element(cps, i + 1, false);
        }
        return i == cps.length;
    }

    /** Reads one element at {@code i}; returns the index after it, or -1 if there is none. */
    private static int element(int[] cps, int i, boolean mustShowAsEmoji) {
        int base = cps[i];
        if (!Character.isEmoji(base) || isRegionalIndicator(base) || isKeycapBase(base)) {
            return -1;
        }
        boolean shownAsEmoji = Character.isEmojiPresentation(base);
        int next = i + 1;
        if (next < cps.length && cps[next] == EMOJI_PRESENTATION) {
            shownAsEmoji = true;
            next++;
        } else if (next < cps.length && Character.isEmojiModifier(cps[next]) && Character.isEmojiModifierBase(base)) {
            shownAsEmoji = true;
            next++;
        }
        if (next < cps.length && isTag(cps[next])) {
            while (next < cps.length && isTag(cps[next]) && cps[next] != CANCEL_TAG) {
                next++;
            }
            if (next == cps.length || cps[next] != CANCEL_TAG) {
                return -1;
            }
            next++;
        }
        return shownAsEmoji || !mustShowAsEmoji ? next : -1;
    }

    private static boolean isRegionalIndicator(int cp) {
        return cp >= 0x1F1E6 && cp <= 0x1F1FF;
    }

    private static boolean isKeycapBase(int cp) {
        return (cp >= '0' && cp <= '9') || cp == '#' || cp == '*';
    }

    private static boolean isTag(int cp) {
        return cp >= 0xE0020 && cp <= CANCEL_TAG;
    }

    private static String describe(String raw) {
        StringBuilder codePoints = new StringBuilder();
        raw.codePoints().limit(8).forEach(cp -> codePoints.append(codePoints.isEmpty() ? "" : " ")
                .append(TextRules.codePoint(cp)));
        if (TextRules.length(raw) > 8) {
            codePoints.append(" ...");
        }
        return raw.isEmpty() ? "empty" : codePoints.toString();
    }
}
