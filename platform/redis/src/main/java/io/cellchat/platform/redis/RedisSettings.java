package io.cellchat.platform.redis;

import static java.util.Objects.requireNonNull;

/**
 * How a process reaches Redis.
 *
 * @param uri a Redis URI, for example {@code redis://127.0.0.1:6379/0}
 */
public record RedisSettings(String uri) {

    public RedisSettings {
        requireNonNull(uri, "uri");
        if (!uri.startsWith("redis://") && !uri.startsWith("rediss://")) {
            throw new IllegalArgumentException("redis.uri: " + uri + " (expected: redis://host:port/db or rediss://...)");
        }
    }
}
