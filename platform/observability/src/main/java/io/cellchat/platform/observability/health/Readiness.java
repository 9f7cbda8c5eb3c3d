package io.cellchat.platform.observability.health;

import static java.util.Objects.requireNonNull;

import io.cellchat.platform.observability.HealthCheck;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a process's {@link HealthCheck}s and keeps their latest results, for {@code /health/ready} and for the
 * meters {@code cellchat_health_check_up} and {@code cellchat_health_check_latency_seconds} (tagged {@code check} and
 * {@code required}).
 *
 * <p>Each probe runs on a virtual thread of its own, so a probe stuck on a dead engine blocks neither the HTTP
 * event loop nor the other checks; after its timeout it counts as down, and it is not started again until the stuck
 * run returns, so an outage never piles up threads. {@link #report()} reuses results younger than
 * {@code reuseFor}, so a flood of probes from a load balancer costs one round of checks per interval; a background
 * round every {@code interval} keeps the meters current when nobody asks. A change of state is logged once.
 */
public final class Readiness implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Readiness.class);

    private final List<HealthCheck> checks;
    private final Clock clock;
    private final Duration reuseFor;
    private final ExecutorService probes = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService background;
    private final Map<String, CompletableFuture<Boolean>> running = new LinkedHashMap<>();
    private volatile Map<String, CheckResult> latest = Map.of();

    /**
     * Starts the background rounds.
     *
     * @param interval how often the checks run in the background (the meters' freshness)
     * @param reuseFor how old a result {@link #report()} may reuse instead of probing again
     */
    public Readiness(List<HealthCheck> checks, Clock clock, Duration interval, Duration reuseFor,
            MeterRegistry metrics) {
        this.checks = List.copyOf(checks);
        this.clock = requireNonNull(clock, "clock");
        this.reuseFor = requireNonNull(reuseFor, "reuseFor");
        for (HealthCheck check : this.checks) {
            String required = Boolean.toString(check.required());
            Gauge.builder("cellchat.health.check.up", this, r -> r.result(check.name()).up() ? 1 : 0)
                    .description("1 when the health check passed in its latest run, else 0")
                    .tags("check", check.name(), "required", required).register(metrics);
            TimeGauge.builder("cellchat.health.check.latency", this, TimeUnit.NANOSECONDS,
                            r -> r.result(check.name()).latency().toNanos())
                    .description("how long the latest run of the health check took")
                    .tags("check", check.name(), "required", required).register(metrics);
        }
        this.background = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("health-checks").daemon(true).factory());
        var unused = background.scheduleWithFixedDelay(this::runQuietly, 0, interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The latest results, running the checks again if they are older than {@code reuseFor}. */
    public HealthReport report() {
        Instant now = clock.instant();
        Map<String, CheckResult> current = latest;
        boolean fresh = current.size() == checks.size() && current.values().stream()
                .allMatch(r -> Duration.between(r.checkedAt(), now).compareTo(reuseFor) <= 0);
        return new HealthReport(List.copyOf((fresh ? current : runAll()).values()));
    }

    private void runQuietly() {
        try {
            runAll();
        } catch (RuntimeException e) {
            log.error("health checks failed to run", e);
        }
    }

    /** Runs every check at once and waits for each up to its timeout. */
    private synchronized Map<String, CheckResult> runAll() {
        Instant started = clock.instant();
        long startedNanos = System.nanoTime();
        Map<String, CompletableFuture<Boolean>> round = new LinkedHashMap<>();
        for (HealthCheck check : checks) {
            CompletableFuture<Boolean> previous = running.get(check.name());
            if (previous == null || previous.isDone()) {
                previous = CompletableFuture.supplyAsync(() -> check.probe().getAsBoolean(), probes);
                running.put(check.name(), previous);
            }
            round.put(check.name(), previous);
        }
        Map<String, CheckResult> results = new LinkedHashMap<>();
        for (HealthCheck check : checks) {
            CompletableFuture<Boolean> probe = Objects.requireNonNull(round.get(check.name()), "started above");
            long waitNanos = check.timeout().toNanos() - (System.nanoTime() - startedNanos);
            boolean up = false;
            @Nullable String error = null;
            try {
                up = probe.get(Math.max(0, waitNanos), TimeUnit.NANOSECONDS);
                if (!up) {
                    error = "probe answered not usable";
                }
            } catch (TimeoutException e) {
                error = "no answer within " + check.timeout().toMillis() + " ms";
            } catch (ExecutionException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                error = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                error = "interrupted";
            }
            Duration latency = probe.isDone()
                    ? Duration.ofNanos(System.nanoTime() - startedNanos) : check.timeout();
            results.put(check.name(), new CheckResult(check.name(), up, check.required(),
                    latency.compareTo(check.timeout()) > 0 ? check.timeout() : latency, started,
                    error == null ? null : shorten(error)));
        }
        logChanges(latest, results);
        latest = Collections.unmodifiableMap(results); // in the checks' order (Map.copyOf would shuffle them)
        return results;
    }

    private static String shorten(String error) {
        return error.length() <= 200 ? error : error.substring(0, 200) + "...";
    }

    private static void logChanges(Map<String, CheckResult> before, Map<String, CheckResult> after) {
        for (CheckResult now : after.values()) {
            CheckResult then = before.get(now.name());
            if (then == null ? !now.up() : then.up() != now.up()) {
                if (now.up()) {
                    log.info("health check {} is up again", now.name());
                } else {
                    log.warn("health check {} is down: {}{}", now.name(), now.error(),
                            now.required() ? "; /health/ready reports DOWN" : " (optional)");
                }
            }
        }
    }

    private CheckResult result(String name) {
        CheckResult result = latest.get(name);
        return result != null ? result
                : new CheckResult(name, false, true, Duration.ZERO, Instant.EPOCH, "not run yet");
    }

    /** The checks, in the order given. */
    public List<String> names() {
        List<String> names = new ArrayList<>();
        checks.forEach(check -> names.add(check.name()));
        return names;
    }

    @Override
    public void close() {
        background.shutdownNow();
        probes.shutdownNow();
    }
}
