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

    public RedisSettings settings() {
        return new RedisSettings(uri());
    }
}
