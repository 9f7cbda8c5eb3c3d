package io.cellchat.domain.account;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.text.TextRules;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** What a username, password and display name must look like. */
public final class AccountRules {

    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 128;
    public static final int MAX_DISPLAY_NAME = 64;
    public static final int MAX_DEVICE_NAME = 64;
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
