package io.cellchat.testing.engines;

import io.cellchat.platform.redis.RedisSettings;

/**
 * A test class's own, empty logical database on the run's Redis server.
 *
 * @param host the server's address
 * @param port its port
 * @param database the database index of this class
 */
public record RedisNamespace(String host, int port, int database) {

    public String uri() {
        return "redis://" + host + ":" + port + "/" + database;
    }

    /** Settings for this database, with the default timeout and key prefix. */
    public RedisSettings settings() {
        return RedisSettings.of(uri());
    }

    /** Settings for this database with a key prefix of the caller's, so that each test can have a clean slate. */
    public RedisSettings settings(String keyPrefix) {
        return new RedisSettings(uri(), RedisSettings.of(uri()).timeout(), keyPrefix);
    }
}
