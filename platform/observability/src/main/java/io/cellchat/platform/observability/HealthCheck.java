package io.cellchat.platform.observability;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * One dependency that must be usable before a process is ready for traffic (a database, a broker, a data folder).
 * {@code /health/ready} reports each by name, with its state and how long the probe took; {@code /health/live}
 * ignores them, so a dependency outage makes the process unready, never killed. See
 * {@link io.cellchat.platform.observability.health.Readiness} for how probes run (each under its timeout, off the
 * caller's thread, at most one at a time per check).
 *
 * @param name stable name shown in the readiness report and as the {@code check} tag of the health meters, for
 *     example {@code "history"} or {@code "redis"}
 * @param probe a check that may block briefly (a round trip to an engine); {@code true} when usable. An exception
 *     counts as down, and its message is shown in the report
 * @param required whether a failure makes the process unready; an optional check (a tracing exporter) is reported
 *     but does not take the process out of service
 * @param timeout how long the probe may take before it counts as down
 */
public record HealthCheck(String name, BooleanSupplier probe, boolean required, Duration timeout) {

    /** The timeout of a check that names none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

    public HealthCheck {
        requireNonNull(name, "name");
        requireNonNull(probe, "probe");
        requireNonNull(timeout, "timeout");
        if (!name.matches("[a-z0-9][a-z0-9-]{0,40}")) {
            throw new IllegalArgumentException("name: '" + name + "' (expected: lower-case letters, digits, '-')");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
    }

    /** A required check with the default timeout. */
    public HealthCheck(String name, BooleanSupplier probe) {
        this(name, probe, true, DEFAULT_TIMEOUT);
    }

    /** Runs the probe on the calling thread; an exception counts as unhealthy. */
    public boolean isHealthy() {
        try {
            return probe.getAsBoolean();
        } catch (RuntimeException e) {
            return false;
        }
    }
}
