package io.cellchat.platform.observability;

import static java.util.Objects.requireNonNull;

import java.util.function.BooleanSupplier;

/**
 * One dependency that must be usable before a process is ready for traffic (a database, a broker, a data folder).
 * {@code /health/ready} reports each by name; {@code /health/live} ignores them, so a dependency outage makes the
 * process unready, never killed.
 *
 * @param name stable name shown in the readiness report, for example {@code "sqlite"}
 * @param probe cheap, non-blocking or briefly blocking check; {@code true} when usable
 */
public record HealthCheck(String name, BooleanSupplier probe) {

    public HealthCheck {
        requireNonNull(name, "name");
        requireNonNull(probe, "probe");
    }

    /** Runs the probe; an exception counts as unhealthy. */
    public boolean isHealthy() {
        try {
            return probe.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
