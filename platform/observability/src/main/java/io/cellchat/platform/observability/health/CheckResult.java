package io.cellchat.platform.observability.health;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one run of one {@link io.cellchat.platform.observability.HealthCheck}.
 *
 * @param name the check
 * @param up whether the dependency was usable
 * @param required whether it counts for readiness
 * @param latency how long the probe took (the timeout, when it did not answer in time)
 * @param checkedAt when the probe started
 * @param error why it is down, in a few words (never a stack trace); {@code null} when up
 */
public record CheckResult(String name, boolean up, boolean required, Duration latency, Instant checkedAt,
        @Nullable String error) {

    public CheckResult {
        requireNonNull(name, "name");
        requireNonNull(latency, "latency");
        requireNonNull(checkedAt, "checkedAt");
    }
}
