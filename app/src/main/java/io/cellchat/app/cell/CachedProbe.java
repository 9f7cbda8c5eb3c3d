package io.cellchat.app.cell;

import io.cellchat.platform.observability.HealthCheck;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A readiness check whose probe is too slow to run on every {@code /health/ready} (a round trip to Kafka or to
 * another role): it runs in the background every few seconds and the check reads the last answer. A change of
 * answer is logged once, so an operator sees when a dependency goes away and comes back.
 */
final class CachedProbe implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(CachedProbe.class);
    static final Duration EVERY = Duration.ofSeconds(5);

    private final String name;
    private final BooleanSupplier probe;
    private final ScheduledExecutorService scheduler;
    private volatile boolean healthy;

    CachedProbe(String name, BooleanSupplier probe) {
        this.name = name;
        this.probe = probe;
        this.scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("probe-" + name).daemon(true).factory());
        scheduler.scheduleWithFixedDelay(this::run, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        boolean now;
        String why = "";
        try {
            now = probe.getAsBoolean();
        } catch (RuntimeException e) {
            now = false;
            why = ": " + EngineWaits.rootCause(e);
        }
        if (now != healthy) {
            if (now) {
                log.info("{} is reachable again", name);
            } else {
                log.warn("{} is unreachable{}; /health/ready reports it DOWN", name, why);
            }
        }
        healthy = now;
    }

    HealthCheck check() {
        return new HealthCheck(name, () -> healthy);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
