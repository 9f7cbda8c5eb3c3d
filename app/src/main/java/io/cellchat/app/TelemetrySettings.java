package io.cellchat.app;

import static java.util.Objects.requireNonNull;

import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.observability.Secret;
import io.cellchat.platform.observability.tracing.TracingSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How a process is observed, from the configuration keys {@code tracing.*}, {@code sentry.dsn}, {@code admin.token}
 * and {@code health.timeout} (docs/configuration.md): the same keys, read in this one place, for {@code cellchat dev}
 * and every role of a cell. The role names the service ({@code cellchat-<role>}) when it starts its
 * {@link Telemetry}.
 *
 * @param endpoint the collector's URL, or {@code null} for the exporter's default
 * @param sentryDsn empty for no Sentry
 * @param adminToken the bearer token of {@code /admin/*}; empty turns those endpoints off
 * @param healthTimeout how long each readiness check may take
 */
public record TelemetrySettings(TracingSettings.Exporter exporter, @Nullable URI endpoint, double sampleRatio,
        Secret sentryDsn, Secret adminToken, Duration healthTimeout) {

    public TelemetrySettings {
        requireNonNull(exporter, "exporter");
        requireNonNull(sentryDsn, "sentryDsn");
        requireNonNull(adminToken, "adminToken");
        requireNonNull(healthTimeout, "healthTimeout");
    }

    /** No tracing, no Sentry, no admin endpoints, checks under the default timeout (tests). */
    public static TelemetrySettings off() {
        return new TelemetrySettings(TracingSettings.Exporter.NONE, null, 1.0, Secret.none(), Secret.none(),
                HealthCheck.DEFAULT_TIMEOUT);
    }

    static TelemetrySettings of(Config config) {
        String endpoint = config.text("tracing.endpoint");
        return new TelemetrySettings(
                TracingSettings.Exporter.valueOf(config.text("tracing.exporter").toUpperCase(Locale.ROOT)),
                endpoint.isEmpty() ? null : URI.create(endpoint), Double.parseDouble(config.text("tracing.sample-ratio")),
                Secret.of(config.text("sentry.dsn")), Secret.of(config.text("admin.token")),
                config.duration("health.timeout"));
    }
}
