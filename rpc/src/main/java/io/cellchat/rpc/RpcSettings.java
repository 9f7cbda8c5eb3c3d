package io.cellchat.rpc;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

/**
 * Where a role reaches another role's gRPC API, and how long it waits.
 *
 * @param address the other role's base URL, for example {@code http://10.0.0.9:8090}
 * @param deadline the longest a call may take, end to end; a call that takes longer fails with {@code UNAVAILABLE}
 */
public record RpcSettings(URI address, Duration deadline) {

    public RpcSettings {
        requireNonNull(address, "address");
        requireNonNull(deadline, "deadline");
        if (!"http".equals(address.getScheme()) && !"https".equals(address.getScheme()) || address.getHost() == null
                || address.getPort() < 1) {
            throw new IllegalArgumentException("address: '" + address
                    + "' (expected: http://host:port or https://host:port)");
        }
        if (deadline.toMillis() < 1) {
            throw new IllegalArgumentException("deadline: " + deadline + " (expected: >= 1ms)");
        }
    }
}
