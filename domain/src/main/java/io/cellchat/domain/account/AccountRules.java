package io.cellchat.domain.account;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.text.TextRules;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What a username, password, display name, bio and search query must look like (docs/protocol.md, "Limits").
 * Passwords follow NIST SP 800-63B: a length range, no composition rules, never the username; the users service
 * also refuses guessable ones with an estimator.
 */
public final class AccountRules {

    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 128;
    public static final int MAX_DISPLAY_NAME = 64;
    public static final int MAX_DEVICE_NAME = 64;
    public static final int MAX_BIO = 300;
    /** Shortest search query, in code points: shorter ones would let anyone list the directory by prefixes. */
    public static final int MIN_SEARCH = 3;
    public static final int MAX_SEARCH = 64;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9_.-]{3,32}");

    private AccountRules() {}

    /** The canonical (lower-case) form of a valid username. */
    public static String username(@Nullable String raw) {
        if (raw == null || !USERNAME.matcher(raw).matches()) {
            throw new ChatException(ChatError.INVALID_ARGUMENT, "username: '" + (raw == null ? "" : raw)
                    + "' (expected: 3..32 characters of letters, digits, '_', '.', '-')");
        }
        return raw.toLowerCase(Locale.ROOT);
    }

    public static void password(@Nullable String raw) {
        int length = raw == null ? 0 : raw.codePointCount(0, raw.length());
        if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
            throw new ChatException(ChatError.INVALID_ARGUMENT,
                    "password length: " + length + " (expected: " + MIN_PASSWORD + ".." + MAX_PASSWORD + ")");
        }
    }

    /** Refuses a password equal to the username, whatever the case ({@code WEAK_PASSWORD}). */
    public static void passwordNotUsername(String password, String username) {
        if (password.strip().equalsIgnoreCase(username)) {
            throw new ChatException(ChatError.WEAK_PASSWORD, "password: equal to the username (expected: another)");
        }
    }

    /**
     * A bio as stored: empty, or up to {@value #MAX_BIO} code points of text ({@link TextRules#messageText}), without
     * outer whitespace.
     */
    public static String bio(@Nullable String raw) {
        if (raw == null || TextRules.isEmpty(TextRules.normalize(raw))) {
            return "";
        }
        try {
            return TextRules.messageText(raw, MAX_BIO).strip();
        } catch (ChatException e) {
            throw new ChatException(ChatError.INVALID_ARGUMENT, "bio: " + e.getMessage());
        }
    }

    /**
     * The search form of a query ({@link #searchKey}), refused when shorter than {@value #MIN_SEARCH} or longer
     * than {@value #MAX_SEARCH} code points.
     */
    public static String searchQuery(@Nullable String raw) {
        String key = searchKey(raw == null ? "" : raw);
        int length = key.codePointCount(0, key.length());
        if (length < MIN_SEARCH || length > MAX_SEARCH) {
            throw new ChatException(ChatError.INVALID_ARGUMENT, "query length: " + length + " (expected: "
                    + MIN_SEARCH + ".." + MAX_SEARCH + " characters, ignoring case, accents and outer spaces)");
        }
        return key;
    }

    /**
     * The form names are searched in, the same in every store: compatibility-decomposed (NFKD), combining marks
     * removed, lower case, spaces collapsed. "Zoë", "ZOE" and "zoe" all become "zoe".
     */
    public static String searchKey(String text) {
        String decomposed = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKD);
        StringBuilder key = new StringBuilder(decomposed.length());
        decomposed.codePoints()
                .filter(c -> Character.getType(c) != Character.NON_SPACING_MARK
                        && Character.getType(c) != Character.ENCLOSING_MARK
                        && Character.getType(c) != Character.COMBINING_SPACING_MARK)
                .forEach(key::appendCodePoint);
        return key.toString().toLowerCase(Locale.ROOT).strip().replaceAll("\\s+", " ");
    }

    /**
     * A valid display name ({@link TextRules#label}), defaulting to the username when absent. A name given but only
     * whitespace or invisible characters is refused rather than replaced.
     */
    public static String displayName(@Nullable String raw, String username) {
        if (raw == null || raw.isEmpty()) {
            return username;
        }
        return TextRules.label("display_name", raw, MAX_DISPLAY_NAME);
    }

    /** A valid device name ({@link TextRules#label}), "unnamed device" when absent. */
    public static String deviceName(@Nullable String raw) {
        if (raw == null || raw.isEmpty()) {
            return "unnamed device";
        }
        return TextRules.label("device_name", raw, MAX_DEVICE_NAME);
    }
}
