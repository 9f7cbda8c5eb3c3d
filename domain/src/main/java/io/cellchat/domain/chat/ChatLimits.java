package io.cellchat.domain.chat;

/**
 * The limits of the chat rules, validated at start-up. The first two are configuration keys; the others are fixed
 * parts of protocol v1 (docs/protocol.md).
 *
 * @param maxTextLength characters (Unicode code points) in a text message ({@code chat.max-text-length}, 4,096)
 * @param maxGroupMembers members of a group, owner included ({@code chat.max-group-members}, 1,000)
 * @param maxTitleLength characters in a group title (100)
 * @param maxEmojiLength characters in a reaction (32)
 * @param maxIdempotencyKeyLength characters in an idempotency key (64)
 */
public record ChatLimits(int maxTextLength, int maxGroupMembers, int maxTitleLength, int maxEmojiLength,
        int maxIdempotencyKeyLength) {

    public static final ChatLimits DEFAULTS = new ChatLimits(4096, 1000, 100, 32, 64);

    public ChatLimits {
        positive("chat.max-text-length", maxTextLength);
        if (maxGroupMembers < 2) {
            throw new IllegalArgumentException("chat.max-group-members: " + maxGroupMembers + " (expected: >= 2)");
        }
        positive("chat.max-title-length", maxTitleLength);
        positive("chat.max-emoji-length", maxEmojiLength);
        positive("chat.max-idempotency-key-length", maxIdempotencyKeyLength);
    }

    private static void positive(String key, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(key + ": " + value + " (expected: >= 1)");
        }
    }
}
