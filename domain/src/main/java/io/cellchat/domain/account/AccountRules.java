package io.cellchat.domain.account;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
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

    /** A valid display name, defaulting to the username when blank. */
    public static String displayName(@Nullable String raw, String username) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty()) {
            return username;
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_DISPLAY_NAME) {
            throw new ChatException(ChatError.INVALID_ARGUMENT,
                    "display_name length: " + length + " (expected: 1.." + MAX_DISPLAY_NAME + ")");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new ChatException(ChatError.INVALID_ARGUMENT,
                    "display_name: contains a control character (expected: printable text)");
        }
        return name;
    }

    public static String deviceName(@Nullable String raw) {
        String name = raw == null ? "" : raw.strip();
        if (name.isEmpty()) {
            return "unnamed device";
        }
        int length = name.codePointCount(0, name.length());
        if (length > MAX_DEVICE_NAME) {
            throw new ChatException(ChatError.INVALID_ARGUMENT,
                    "device_name length: " + length + " (expected: <= " + MAX_DEVICE_NAME + ")");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new ChatException(ChatError.INVALID_ARGUMENT,
                    "device_name: contains a control character (expected: printable text)");
        }
        return name;
    }
}
