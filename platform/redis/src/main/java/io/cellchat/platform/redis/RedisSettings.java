package io.cellchat.platform.redis;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * How a process reaches Redis.
 *
 * @param uri a Redis URI, for example {@code redis://127.0.0.1:6379/0} ({@code rediss://} for TLS); a password in it
 *     is never printed
 * @param timeout how long a command (or a connection attempt) may take before it fails; commands issued while the
 *     connection is down fail at once instead of queueing
 * @param keyPrefix prepended to every key and channel Cellchat uses, so several cells can share one Redis
 */
public record RedisSettings(String uri, Duration timeout, String keyPrefix) {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9:._-]{0,64}");

    public RedisSettings {
        requireNonNull(uri, "uri");
        requireNonNull(timeout, "timeout");
        requireNonNull(keyPrefix, "keyPrefix");
        if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
            throw new IllegalArgumentException("redis.uri: '" + redacted(uri)
                    + "' (expected: redis://host:port/db or rediss://...)");
        }
        if (timeout.toMillis() < 1) {
            throw new IllegalArgumentException("redis.timeout: " + timeout + " (expected: >= 1ms)");
        }
        if (!PREFIX.matcher(keyPrefix).matches()) {
            throw new IllegalArgumentException("redis.key-prefix: '" + keyPrefix
                    + "' (expected: at most 64 of letters, digits, ':', '.', '_', '-')");
        }
    }

    /** The URI with the default timeout (2 s) and key prefix ({@code cellchat:}). */
    public static RedisSettings of(String uri) {
        return new RedisSettings(uri, Duration.ofSeconds(2), "cellchat:");
    }

    /** The URI without its password, for logs. */
    public String safeUri() {
        return redacted(uri);
    }

    @Override
    public String toString() {
        return "RedisSettings[uri=" + redacted(uri) + ", timeout=" + timeout + ", keyPrefix=" + keyPrefix + "]";
    }

    /** The URI without its password ({@code redis://user:secret@host} becomes {@code redis://user:****@host}). */
    static String redacted(String uri) {
        return uri.replaceFirst("^(rediss?://)([^:@/]*):[^@/]*@", "$1$2:****@");
    }
}
