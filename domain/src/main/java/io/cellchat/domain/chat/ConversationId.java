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
        try {
            if (value.startsWith("d:")) {
                String[] parts = value.split(":");
                if (parts.length == 3) {
                    long a = Long.parseLong(parts[1]);
                    long b = Long.parseLong(parts[2]);
                    // Only the canonical form: no sign, no leading zero, no trailing separator.
                    if (a < b && a > 0 && value.equals("d:" + a + ":" + b)) {
                        return new ConversationId(value);
                    }
                }
            } else if (value.startsWith("g:")) {
                long id = Long.parseLong(value.substring(2));
                if (id > 0 && value.equals("g:" + id)) {
                    return new ConversationId(value);
                }
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
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
        String[] parts = value.split(":");
        return new long[] {Long.parseLong(parts[1]), Long.parseLong(parts[2])};
    }

    @Override
    public String toString() {
        return value;
    }
}
