package io.cellchat.platform.observability;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A secret from the configuration (the admin token, the Sentry DSN): it never prints, so it cannot reach a log line,
 * an exception message or a configuration dump by accident. {@link #reveal()} hands the value to the one place that
 * needs it; {@link #matches} compares in constant time, so a caller cannot guess a token byte by byte from timings.
 */
public final class Secret {

    private static final Secret NONE = new Secret("");

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public static Secret of(String value) {
        return requireNonNull(value, "value").isEmpty() ? NONE : new Secret(value);
    }

    /** No secret configured. */
    public static Secret none() {
        return NONE;
    }

    public boolean isEmpty() {
        return value.isEmpty();
    }

    public String reveal() {
        return value;
    }

    /** Whether {@code candidate} is this secret (never true for an empty secret). */
    public boolean matches(String candidate) {
        return !value.isEmpty() && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
                candidate.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return value.isEmpty() ? "(none)" : "****";
    }
}
