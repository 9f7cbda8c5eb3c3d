package io.cellchat.platform.redis;

import static java.util.Objects.requireNonNull;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * One Lettuce client per process; its connections are thread-safe and shared. Commands time out after
 * {@link RedisSettings#timeout()}, and fail at once while the connection is down (Lettuce reconnects in the
 * background), so that no caller waits on Redis longer than that.
 *
 * <p>A client made with a registry records the latency of every command it sends as Prometheus histograms
 * ({@code lettuce_command_completion_seconds} to the whole answer, {@code lettuce_command_firstresponse_seconds} to
 * its first byte), tagged {@code command} (the Redis command: a closed set) and {@code remote} (the server's
 * address). Connections are not told apart ({@code local} is always {@code local:any}), so reconnects add no series.
 * Such a client owns its {@link ClientResources}: stop it with {@link #shutdown(RedisClient)}.
 */
public final class RedisClients {

    private RedisClients() {}

    /** A client without meters (tests, tools). */
    public static RedisClient client(RedisSettings settings) {
        return configured(RedisClient.create(uri(settings)), settings);
    }

    /** A client whose command latencies go to {@code metrics}. */
    public static RedisClient client(RedisSettings settings, MeterRegistry metrics) {
        requireNonNull(metrics, "metrics");
        MicrometerOptions options = MicrometerOptions.builder()
                .enable()
                .histogram(true) // buckets, so that p99 adds up across processes; no client-side quantiles
                .targetPercentiles(new double[0])
                .minLatency(Duration.ofMillis(1)) // buckets from 1 ms to 10 s: the range a chat's commands live in
                .maxLatency(Duration.ofSeconds(10))
                .localDistinction(false)
                .build();
        ClientResources resources = ClientResources.builder()
                .commandLatencyRecorder(new MicrometerCommandLatencyRecorder(metrics, options))
                .build();
        return configured(RedisClient.create(resources, uri(settings)), settings);
    }

    private static RedisURI uri(RedisSettings settings) {
        RedisURI uri = RedisURI.create(settings.uri());
        uri.setTimeout(settings.timeout());
        return uri;
    }

    private static RedisClient configured(RedisClient client, RedisSettings settings) {
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

    /** Closes the client's connections, then its threads (which the client does not do for resources given to it). */
    public static void shutdown(RedisClient client) {
        client.shutdown();
        client.getResources().shutdown().syncUninterruptibly();
    }
}
