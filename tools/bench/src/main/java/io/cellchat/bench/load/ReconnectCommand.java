package io.cellchat.bench.load;

import io.cellchat.bench.report.Results;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Reconnect storm: {@code --connections} clients are connected, all drop at once (as when a server restarts or a
 * network blips), and all reconnect immediately. Reports how long until every client is back and ready, the
 * reconnects per second, and the distribution of each client's time from reconnect to ready (for Cellchat: TCP,
 * WebSocket upgrade, token check, welcome).
 */
@Command(name = "reconnect", mixinStandardHelpOptions = true, description = "Reconnect storm: time until every client is back.")
public final class ReconnectCommand implements Callable<Integer> {

    @Option(names = "--targets", split = ",", defaultValue = "relay,cellchat", description = "Servers (default: ${DEFAULT-VALUE}).")
    List<String> targets;

    @Option(names = "--connections", defaultValue = "5000", description = "Clients (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--quick", description = "A smoke run: 500 clients.")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        if (quick) {
            connections = 500;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : targets) {
            try (Target target = Targets.start(name, List.of())) {
                rows.add(storm(target));
            }
        }
        Results.write("reconnect", Map.of("connections", connections, "targets", rows));
        Map<String, Latency> latencies = new LinkedHashMap<>();
        rows.forEach(row -> latencies.put((String) row.get("target"), (Latency) row.get("timeToReady")));
        Latency.plot("reconnect.png", String.format("Reconnect storm of %,d clients: time from reconnect to ready",
                connections), latencies);
        return 0;
    }

    private Map<String, Object> storm(Target target) throws Exception {
        List<Dialect.User> users = target.users(connections);
        try (Generator generator = new Generator(target.dialect(), 2, Generator.loopbackSources(4))) {
            generator.connectAll(users, 200, new Progress());
            Progress.line(target.name() + ": " + generator.connected() + " connected; dropping all");
            generator.closeAll();
            while (generator.connected() > 0) {
                Thread.sleep(10);
            }
            Histogram perClient = new Histogram(3);
            ConcurrentLinkedQueue<Long> errors = new ConcurrentLinkedQueue<>();
            long started = System.nanoTime();
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (Dialect.User user : users) {
                long begun = System.nanoTime();
                all.add(generator.connect(user).whenComplete((connection, error) -> {
                    if (error != null) {
                        errors.add(1L);
                    } else {
                        synchronized (perClient) {
                            perClient.recordValue((System.nanoTime() - begun) / 1000);
                        }
                    }
                }));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
            double seconds = (System.nanoTime() - started) / 1e9;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("target", target.name());
            row.put("reconnected", generator.connected());
            row.put("failed", errors.size());
            row.put("secondsUntilAllBack", Math.round(seconds * 100) / 100.0);
            row.put("reconnectsPerSecond", Math.round(generator.connected() / seconds));
            row.put("timeToReady", Latency.of(perClient));
            Progress.line(row.toString());
            return row;
        }
    }
}
