package io.cellchat.testing.engines;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.platform.redis.RedisClients;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

@EngineTest
class RedisEngineIT {

    @Test
    void should_read_back_a_value_from_its_own_database_on_the_real_server(RedisNamespace redis) {
        RedisClient client = RedisClients.client(redis.settings());
        try (StatefulRedisConnection<String, String> connection = RedisClients.connect(client)) {
            assertThat(connection.sync().dbsize()).isZero();

            connection.sync().set("presence:42", "online");

            assertThat(connection.sync().get("presence:42")).isEqualTo("online");
            assertThat(connection.sync().info("server")).contains("redis_version:7.");
        } finally {
            client.shutdown();
        }
    }
}
