package io.cellchat.domain.chat;

import io.cellchat.domain.error.ChatError;

import io.cellchat.domain.error.ChatException;
import org.jspecify.annotations.Nullable;

import static java.util.Objects.requireNonNull;

/**
 * The ID of a conversation, as clients see it.
 *
 * <ul>
 *   <li>Direct: {@code d:<lower user id>:<higher user id>}. Deterministic, so a client can open a chat with anyone
 *       without asking, and two first messages sent at once land in the same conversation.</li>
 *   <li>Group: {@code g:<snowflake>}, minted when the group is created; the snowflake carries the home cell.</li>
 * </ul>
 */
public record ConversationId(String value) {

    private static final int MAX_LENGTH = 64;

    public ConversationId {
        requireNonNull(value, "value");
    }

    public static ConversationId direct(long userA, long userB) {
        if (userA <= 0 || userB <= 0) {
            throw new ChatException(ChatError.INVALID_ARGUMENT,
                    "direct conversation of users " + userA + " and " + userB + " (expected: positive user IDs)");
        }
        if (userA == userB) {
            throw new ChatException(ChatError.INVALID_ARGUMENT,
                    "direct conversation with yourself: " + userA + " (expected: two different users)");
        }
        return new ConversationId("d:" + Math.min(userA, userB) + ":" + Math.max(userA, userB));
    }

    public static ConversationId group(long id) {
        return new ConversationId("g:" + id);
    }

    /** Parses a client-supplied ID, refusing anything not in one of the two forms. */
    public static ConversationId parse(@Nullable String value) {
        if (value == null || value.isEmpty()) {
            throw new ChatException(ChatError.INVALID_ARGUMENT, "conversation_id: missing");
        }
        if (value.length() > MAX_LENGTH) {
            throw new ChatException(ChatError.INVALID_ARGUMENT,
                    "conversation_id length: " + value.length() + " (expected: <= " + MAX_LENGTH + ")");
        }
        // Only the canonical forms: digits without sign or leading zero, no other separator. Parsed in place:
        // every command names a conversation.
        try {
            if (value.startsWith("d:")) {
                int colon = value.indexOf(':', 2);
                if (colon > 0 && isNumber(value, 2, colon) && isNumber(value, colon + 1, value.length())
                        && Long.parseLong(value, 2, colon, 10) < Long.parseLong(value, colon + 1, value.length(), 10)) {
                    return new ConversationId(value);
                }
            } else if (value.startsWith("g:") && isNumber(value, 2, value.length())) {
                Long.parseLong(value, 2, value.length(), 10);
                return new ConversationId(value);
            }
        } catch (NumberFormatException e) {
            // beyond the range of a long: fall through to the error below
        }
        throw new ChatException(ChatError.INVALID_ARGUMENT,
                "conversation_id: " + value + " (expected: d:<low user>:<high user> or g:<group id>)");
    }

    public boolean isDirect() {
        return value.startsWith("d:");
    }

    public ConversationKind kind() {
        return isDirect() ? ConversationKind.DIRECT : ConversationKind.GROUP;
    }

    /** The two members of a direct conversation. */
    public long[] directMembers() {
        if (!isDirect()) {
            throw new IllegalStateException("not a direct conversation: " + value);
        }
        int colon = value.indexOf(':', 2);
        return new long[] {Long.parseLong(value, 2, colon, 10), Long.parseLong(value, colon + 1, value.length(), 10)};
    }

    /** Whether {@code value[from, to)} is a positive decimal number as {@link Long#toString} writes it. */
    private static boolean isNumber(String value, int from, int to) {
        if (to <= from || value.charAt(from) == '0') {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return value;
    }
}
