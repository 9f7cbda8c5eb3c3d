package io.cellchat.bench.load;

import static java.util.Objects.requireNonNull;

import io.cellchat.bench.report.Charts;
import io.cellchat.bench.report.Results;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Connect and idle: how many connections one server process holds, and its heap and resident memory per idle
 * connection, measured as (after a full GC) the difference between {@code --connections} and 1,000 connections,
 * divided by the connections in between. The generator side is spread over several worker processes, because one
 * process here may hold at most about 20,000 sockets.
 */
@Command(name = "capacity", mixinStandardHelpOptions = true,
        description = "Idle connections held by one server process and memory per connection.")
public final class CapacityCommand implements Callable<Integer> {

    private static final int BASELINE = 1000;

    @Option(names = "--targets", split = ",", defaultValue = "relay,cellchat,ejabberd", description = "Servers (default: ${DEFAULT-VALUE}).")
    List<String> targets;

    @Option(names = "--connections", defaultValue = "19000", description = "Idle connections to open (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = "--users", defaultValue = "2000",
            description = "Cellchat users; connections beyond are extra devices of the same users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--per-worker", defaultValue = "6000", description = "Connections per generator process (default: ${DEFAULT-VALUE}).")
    int perWorker;

    @Option(names = "--hold", defaultValue = "30", description = "Seconds to hold them idle (default: ${DEFAULT-VALUE}).")
    int hold;

    @Option(names = "--quick", description = "A smoke run: 2,000 connections, 5 s hold.")
    boolean quick;

    @Option(names = "--name", defaultValue = "capacity", description = "Result file name (default: ${DEFAULT-VALUE}).")
    String name;

    @Override
    public Integer call() throws Exception {
        if (quick) {
            connections = 2000;
            users = 500;
            hold = 5;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String targetName : targets) {
            try (Target target = Targets.start(targetName, List.of())) {
                rows.add(measure(target));
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("connections", connections);
        figures.put("targets", rows);
        Results.write(name, figures);
        Map<String, Map<String, Double>> bars = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            bars.computeIfAbsent("heap KiB/conn", k -> new LinkedHashMap<>())
                    .put((String) row.get("target"), (Double) row.get("heapKibPerConnection"));
            bars.computeIfAbsent("RSS KiB/conn", k -> new LinkedHashMap<>())
                    .put((String) row.get("target"), (Double) row.get("rssKibPerConnection"));
        }
        Charts.bars(name + ".png", "Memory per idle connection", "KiB", bars);
        return 0;
    }

    private Map<String, Object> measure(Target target) throws Exception {
        int userCount = target.name().equals("relay") ? connections : Math.min(users, connections);
        Progress.line(target.name() + ": creating " + userCount + " users");
        Path usersFile = Files.createTempFile("bench-users", ".txt");
        List<String> lines = new ArrayList<>();
        for (Dialect.User user : target.users(userCount)) {
            lines.add(user.index() + " " + user.id() + " " + user.name() + " " + user.secret());
        }
        Files.write(usersFile, lines, StandardCharsets.UTF_8);
        List<Worker> workers = new ArrayList<>();
        // ejabberd is no JVM: no heap figures. Its memory is RSS as is (same method as the JVMs) and, as in the peer
        // figures, RSS and erlang:memory(total) after a forced GC of every Erlang process, over all connections
        // from the server before any (the Erlang allocators keep freed carriers, so a GC'd baseline would be reused).
        EjabberdTarget erlang = target instanceof EjabberdTarget e ? e : null;
        long rssFresh = erlang != null ? ProcessStats.rssBytes(target.pid()) : -1;
        long erlangFresh = erlang != null ? erlang.erlangMemoryBytes() : -1;
        try {
            workers.add(Worker.start(target, usersFile, 0, BASELINE, 0));
            awaitDone(workers);
            Thread.sleep(2000);
            Long heapBaseline = erlang != null ? null : ProcessStats.heapUsedAfterGc(target.pid());
            long rssBaseline = ProcessStats.rssBytes(target.pid());
            int next = BASELINE;
            int index = 1;
            while (next < connections) {
                int count = Math.min(perWorker, connections - next);
                workers.add(Worker.start(target, usersFile, next, count, index++));
                next += count;
            }
            awaitDone(workers);
            Progress.line(target.name() + ": holding " + held(workers) + " connections for " + hold + " s");
            for (int second = 0; second < hold; second++) {
                Thread.sleep(1000);
                Progress.tick(target.name() + " holding", held(workers), connections);
            }
            int held = held(workers);
            Long heap = erlang != null ? null : ProcessStats.heapUsedAfterGc(target.pid());
            long rss = ProcessStats.rssBytes(target.pid());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("target", target.name());
            row.put("connectionsHeld", held);
            row.put("closedWhileHolding", workers.stream().mapToInt(w -> w.closed.get()).sum());
            row.put("heapBytesAt" + BASELINE, heapBaseline);
            row.put("heapBytesAtAll", heap);
            row.put("rssBytesAt" + BASELINE, rssBaseline);
            row.put("rssBytesAtAll", rss);
            if (erlang == null) {
                // a JVM: both heap figures were measured
                long heapGrowth = requireNonNull(heap) - requireNonNull(heapBaseline);
                row.put("heapKibPerConnection", round(heapGrowth / 1024.0 / (held - BASELINE)));
                row.put("rssKibPerConnection", round((rss - rssBaseline) / 1024.0 / (held - BASELINE)));
            } else {
                long rssGc = erlang.rssAfterGc();
                long erlangGc = erlang.erlangMemoryBytes();
                row.put("heapKibPerConnection", null);
                row.put("rssBytesFresh", rssFresh);
                row.put("rssBytesAtAllAfterGc", rssGc);
                row.put("erlangMemoryBytesFresh", erlangFresh);
                row.put("erlangMemoryBytesAtAllAfterGc", erlangGc);
                row.put("rssKibPerConnection", round((rssGc - rssFresh) / 1024.0 / held));
                row.put("rssKibPerConnectionAsIs", round((rss - rssBaseline) / 1024.0 / (held - BASELINE)));
                row.put("erlangMemoryKibPerConnectionAfterGc", round((erlangGc - erlangFresh) / 1024.0 / held));
            }
            Progress.line(target.name() + ": " + row);
            return row;
        } finally {
            workers.forEach(Worker::close);
            Files.deleteIfExists(usersFile);
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    private static int held(List<Worker> workers) {
        return workers.stream().mapToInt(w -> w.ready.get()).sum();
    }

    private static void awaitDone(List<Worker> workers) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (workers.stream().anyMatch(w -> !w.done) && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            Progress.line("connected " + held(workers) + " (workers " + workers.size() + ")");
        }
    }

    /** One generator process and what it last reported. */
    private static final class Worker {
        final Process process;
        final AtomicInteger ready = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        volatile boolean done;

        private Worker(Process process) {
            this.process = process;
            Thread.ofPlatform().daemon(true).start(this::read);
        }

        static Worker start(Target target, Path users, int first, int count, int index) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            int port = Integer.parseInt(target.dialect().uri(new Dialect.User(0, 0, "", "")).getPort() + "");
            Process process = new ProcessBuilder(java, "-Xmx1g", "-XX:+UseParallelGC",
                    "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
                    "-cp", System.getProperty("java.class.path"), IdleWorker.class.getName(),
                    target.name(), Integer.toString(port), users.toString(), Integer.toString(first),
                    Integer.toString(count), Integer.toString(2 + 4 * index), "4")
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new Worker(process);
        }

        private void read() {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    String[] words = line.split(" ");
                    if (words[0].equals("ready")) {
                        ready.set(Integer.parseInt(words[1]));
                        closed.set(Integer.parseInt(words[3]));
                    } else if (words[0].equals("done")) {
                        ready.set(Integer.parseInt(words[1]));
                        done = true;
                    }
                }
            } catch (IOException e) {
                done = true;
            }
            done = true;
        }

        void close() {
            try {
                process.getOutputStream().close();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (IOException | InterruptedException e) {
                process.destroyForcibly();
            }
        }
    }
}
