package io.cellchat.domain.text;

import static io.cellchat.domain.error.ChatError.INVALID_ARGUMENT;
import static io.cellchat.domain.error.ChatError.TEXT_EMPTY;
import static io.cellchat.domain.error.ChatError.TEXT_TOO_LONG;

import io.cellchat.domain.error.ChatException;
import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * What people type, checked and normalized once for every kind of text the server stores: message text, group titles,
 * display names, device names and reactions. Every adapter and edge gets the same answer because this is the only
 * place that decides (docs/protocol.md, "Text rules").
 *
 * <p>The rules:
 * <ul>
 *   <li><b>Normalized before anything else</b>: Unicode NFC, and line breaks ({@code \r\n}, {@code \r}) as
 *       {@code \n}, so the same visible text is always stored, compared and counted the same way.</li>
 *   <li><b>Lengths in code points after normalization</b>: "é" typed as {@code e} + U+0301 counts 1.</li>
 *   <li><b>Invisible characters do not make text</b>: whitespace, format characters (zero-width space, joiners,
 *       bidi marks), control characters, combining marks with nothing to combine with, and the filler characters
 *       that render as nothing (Hangul fillers U+115F, U+1160, U+3164, U+FFA0, Braille blank U+2800). Text made
 *       only of them is empty.</li>
 *   <li><b>Message text</b> keeps its leading whitespace (indentation) and loses trailing whitespace; tab and line
 *       feed are the only control characters it may contain.</li>
 *   <li><b>Labels</b> (titles, names) are one line: whitespace is stripped from both ends and no control character
 *       is allowed.</li>
 *   <li><b>A reaction</b> is one emoji: see {@link Emoji}.</li>
 * </ul>
 */
public final class TextRules {

    private static final Pattern LINE_BREAKS = Pattern.compile("\r\n?");

    private TextRules() {}

    /**
     * A message text as stored: normalized, trailing whitespace removed.
     *
     * @throws ChatException {@code TEXT_EMPTY}, {@code TEXT_TOO_LONG}, or {@code INVALID_ARGUMENT} for a control
     *     character other than tab and line feed
     */
    public static String messageText(String raw, int maxLength) {
        String text = stripTrailing(normalize(raw));
        int controlAt = firstControl(text, true);
        if (controlAt >= 0) {
            throw new ChatException(INVALID_ARGUMENT, "text: " + codePoint(text.codePointAt(controlAt)) + " at index "
                    + controlAt + " (expected: no control characters but tab and line feed)");
        }
        if (isEmpty(text)) {
            throw new ChatException(TEXT_EMPTY, "text: " + (text.isEmpty() ? "empty" : "only invisible characters")
                    + " (expected: at least one visible character)");
        }
        int length = length(text);
        if (length > maxLength) {
            throw new ChatException(TEXT_TOO_LONG, "text length: " + length + " (expected: <= " + maxLength + ")");
        }
        return text;
    }

    /**
     * A one-line label (group title, display name, device name) as stored: normalized, stripped.
     *
     * @param field the field's name in errors, for example {@code "title"}
     * @throws ChatException {@code INVALID_ARGUMENT} if it is empty, only invisible, too long or has a control
     *     character
     */
    public static String label(String field, String raw, int maxLength) {
        String label = strip(normalize(raw));
        int controlAt = firstControl(label, false);
        if (controlAt >= 0) {
            throw new ChatException(INVALID_ARGUMENT, field + ": " + codePoint(label.codePointAt(controlAt))
                    + " at index " + controlAt + " (expected: one line of text, no control characters)");
        }
        int length = length(label);
        if (length == 0 || length > maxLength) {
            throw new ChatException(INVALID_ARGUMENT,
                    field + " length: " + length + " (expected: 1.." + maxLength + ")");
        }
        if (isEmpty(label)) {
            throw new ChatException(INVALID_ARGUMENT,
                    field + ": only invisible characters (expected: at least one visible character)");
        }
        return label;
    }

    /** NFC, with {@code \r\n} and {@code \r} as {@code \n}. */
    public static String normalize(String raw) {
        String text = raw.indexOf('\r') < 0 ? raw : LINE_BREAKS.matcher(raw).replaceAll("\n");
        return Normalizer.isNormalized(text, Normalizer.Form.NFC) ? text : Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /** Code points, the unit of every text limit. */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Whether nothing in {@code text} is visible (see the class comment). */
    public static boolean isEmpty(String text) {
        return text.codePoints().allMatch(TextRules::isInvisible);
    }

    static boolean isInvisible(int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.FORMAT || type == Character.CONTROL || isMark(cp) || isFiller(cp);
    }

    /** Characters that render as nothing although Unicode classes them as letters or symbols. */
    private static boolean isFiller(int cp) {
        return cp == 0x115F || cp == 0x1160 || cp == 0x3164 || cp == 0xFFA0 || cp == 0x2800;
    }

    private static boolean isMark(int cp) {
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK;
    }

    private static int firstControl(String text, boolean allowTabAndLineFeed) {
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.getType(cp) == Character.CONTROL && !(allowTabAndLineFeed && (cp == '\t' || cp == '\n'))) {
                return i;
            }
            i += Character.charCount(cp);
        }
        return -1;
    }

    private static String stripTrailing(String text) {
        int end = text.length();
        while (end > 0) {
            int cp = text.codePointBefore(end);
            if (!(Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
                break;
            }
            end -= Character.charCount(cp);
        }
        return text.substring(0, end);
    }

    private static String strip(String text) {
        String trailing = stripTrailing(text);
        int start = 0;
        while (start < trailing.length()) {
            int cp = trailing.codePointAt(start);
            if (!(Character.isWhitespace(cp) || Character.isSpaceChar(cp))) {
                break;
            }
            start += Character.charCount(cp);
        }
        return trailing.substring(start);
    }

    static String codePoint(int cp) {
        return String.format("U+%04X", cp);
    }
}
