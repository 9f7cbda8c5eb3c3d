package io.cellchat.platform.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * One Lettuce client per process; its connections are thread-safe and shared. Commands time out after
 * {@link RedisSettings#timeout()}, and fail at once while the connection is down (Lettuce reconnects in the
 * background), so that no caller waits on Redis longer than that.
 */
public final class RedisClients {

    private RedisClients() {}

    public static RedisClient client(RedisSettings settings) {
        RedisURI uri = RedisURI.create(settings.uri());
        uri.setTimeout(settings.timeout());
        RedisClient client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(settings.timeout()).build())
                .timeoutOptions(TimeoutOptions.enabled(settings.timeout()))
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        return client;
    }

    public static StatefulRedisConnection<String, String> connect(RedisClient client) {
        return client.connect();
    }
}
