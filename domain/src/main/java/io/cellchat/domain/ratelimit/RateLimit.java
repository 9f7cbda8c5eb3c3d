package io.cellchat.domain.ratelimit;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A named rate: {@code permits} per {@code per} sustained, and up to {@code burst} at once after a quiet period. Each
 * subject (an account, an address) has a bucket of its own under the limit's name, for example {@code login.account}
 * 5 per minute with a burst of 10, or {@code register.address} 20 per hour.
 *
 * @param name stable name, part of the stored key: lower-case letters, digits, '.', '-' and '_', at most 64
 * @param permits how many requests per {@code per}
 * @param per the period of {@code permits}
 * @param burst the most requests allowed at once; {@code >= 1}
 */
public record RateLimit(String name, int permits, Duration per, int burst) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9._-]{1,64}");

    public RateLimit {
        requireNonNull(name, "name");
        requireNonNull(per, "per");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("rate limit name: '" + name
                    + "' (expected: 1..64 of a-z, 0-9, '.', '-', '_')");
        }
        if (permits < 1) {
            throw new IllegalArgumentException(name + " permits: " + permits + " (expected: >= 1)");
        }
        if (per.toNanos() / permits < 1_000) {
            throw new IllegalArgumentException(name + " rate: " + permits + " per " + per
                    + " (expected: at most one permit per microsecond)");
        }
        if (burst < 1) {
            throw new IllegalArgumentException(name + " burst: " + burst + " (expected: >= 1)");
        }
    }

    /** Time between two permits at the sustained rate, in microseconds. */
    public long intervalMicros() {
        return per.toNanos() / 1_000 / permits;
    }
}
