package io.cellchat.bench.load;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The timed body of a benchmark message: 64 ASCII characters carrying the scheduled and the actual send time
 * ({@link System#nanoTime()} of the generator, which also receives it, so no clocks are compared across processes).
 * Layout: 16 hex digits, ':', 16 hex digits, ':', padding to 64.
 */
public final class Payload {

    public static final int LENGTH = 64;
    private static final String PADDING = "x".repeat(LENGTH);

    private Payload() {}

    public static String text(long scheduledNanos, long sentNanos) {
        String head = hex(scheduledNanos) + ":" + hex(sentNanos) + ":";
        return head + PADDING.substring(head.length());
    }

    public static byte[] bytes(long scheduledNanos, long sentNanos) {
        return text(scheduledNanos, sentNanos).getBytes(StandardCharsets.US_ASCII);
    }

    /** The timestamps in a benchmark text, or null if it is not one. */
    public static Dialect.@Nullable Timestamps parse(CharSequence text) {
        if (text.length() < 34 || text.charAt(16) != ':' || text.charAt(33) != ':') {
            return null;
        }
        try {
            return new Dialect.Timestamps(Long.parseUnsignedLong(text, 0, 16, 16),
                    Long.parseUnsignedLong(text, 17, 33, 16));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String hex(long value) {
        String hex = Long.toHexString(value);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
