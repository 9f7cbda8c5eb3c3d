package io.cellchat.services.messaging;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Settings of the messaging edge; each is a documented configuration key (docs/configuration.md).
 *
 * @param maxFrameBytes largest client frame the protocol accepts ({@code connection.max-frame-bytes}, 64 KiB);
 *     a larger one up to {@code transportFrameBytes} gets {@code FRAME_TOO_LARGE} and the connection stays open
 * @param transportFrameBytes largest WebSocket frame read at all (1 MiB); beyond it the transport closes with 1009
 * @param heartbeatInterval how often the server pings ({@code connection.heartbeat-interval}, 15 s)
 * @param idleTimeout silence after which a peer is presumed dead and closed with 4004
 *     ({@code connection.idle-timeout}, 45 s)
 * @param maxPendingFrames outbound frames a connection may have waiting before it is closed as a slow consumer
 *     ({@code connection.max-pending-frames}, 2,048)
 * @param framesPerSecond sustained client frames per second per connection ({@code connection.rate-limit}, 100)
 * @param frameBurst frames a connection may send at once above the rate ({@code connection.rate-burst}, 200)
 * @param maxWatchedUsers users one connection may watch the presence of (1,000)
 * @param presenceAwayAfter idle time after which an online user shows as away ({@code presence.away-after}, 5 min)
 */
public record MessagingSettings(int maxFrameBytes, int transportFrameBytes, Duration heartbeatInterval,
        Duration idleTimeout, int maxPendingFrames, int framesPerSecond, int frameBurst, int maxWatchedUsers,
        Duration presenceAwayAfter) {

    public static final MessagingSettings DEFAULTS = new MessagingSettings(64 * 1024, 1024 * 1024,
            Duration.ofSeconds(15), Duration.ofSeconds(45), 2048, 100, 200, 1000, Duration.ofMinutes(5));

    public MessagingSettings {
        requireNonNull(heartbeatInterval, "heartbeatInterval");
        requireNonNull(idleTimeout, "idleTimeout");
        requireNonNull(presenceAwayAfter, "presenceAwayAfter");
        if (maxFrameBytes < 1024 || maxFrameBytes > transportFrameBytes) {
            throw new IllegalArgumentException("connection.max-frame-bytes: " + maxFrameBytes
                    + " (expected: 1024.." + transportFrameBytes + ")");
        }
        if (idleTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("connection.idle-timeout: " + idleTimeout
                    + " (expected: >= 2 x connection.heartbeat-interval, " + heartbeatInterval.multipliedBy(2) + ")");
        }
        if (maxPendingFrames < 16) {
            throw new IllegalArgumentException(
                    "connection.max-pending-frames: " + maxPendingFrames + " (expected: >= 16)");
        }
        if (framesPerSecond < 1 || frameBurst < framesPerSecond) {
            throw new IllegalArgumentException("connection.rate-limit: " + framesPerSecond + ", connection.rate-burst: "
                    + frameBurst + " (expected: rate >= 1 and burst >= rate)");
        }
    }
}
