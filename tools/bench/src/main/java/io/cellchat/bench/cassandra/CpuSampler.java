package io.cellchat.bench.cassandra;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;

/**
 * CPU time of the Cassandra server, of this JVM and of the whole machine, from {@code /proc}. The machine's busy time
 * minus the other two is what other processes took during a run: on a shared 2-core machine that says how far a
 * figure was disturbed. Linux only; without {@code /proc} the figures are absent, the benchmark still runs.
 */
final class CpuSampler {

    /** Linux reports process and machine CPU in USER_HZ ticks, 100 per second on every mainstream kernel. */
    private static final double TICKS_PER_SECOND = 100.0;

    private final OptionalLong serverPid;

    CpuSampler(OptionalLong serverPid) {
        this.serverPid = serverPid;
    }

    /** The PID of the Cassandra node this JVM's engine fixture started, from its {@code state.properties}. */
    static OptionalLong ownedCassandraPid() {
        Path state = Path.of(System.getProperty("java.io.tmpdir"), "cellchat-engines",
                "owner-" + ProcessHandle.current().pid(), "cassandra", "state.properties");
        try (var in = Files.newInputStream(state)) {
            Properties properties = new Properties();
            properties.load(in);
            return OptionalLong.of(Long.parseLong(properties.getProperty("pid").trim()));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Waits, at most {@code maxWait}, for a second in which other processes use less than
     * {@link Measurement#DISTURBED_OTHER_CORES} cores; returns the cores they used in the last second measured.
     */
    double awaitQuiet(Duration maxWait) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        double other;
        do {
            Sample from = sample();
            Thread.sleep(1_000);
            Sample to = sample();
            double wall = (to.nanos() - from.nanos()) / 1e9;
            double server = Double.isNaN(from.serverSeconds()) ? 0 : to.serverSeconds() - from.serverSeconds();
            other = (to.machineBusySeconds() - from.machineBusySeconds() - server
                    - (to.benchSeconds() - from.benchSeconds())) / wall;
        } while (other > Measurement.DISTURBED_OTHER_CORES && System.nanoTime() < deadline);
        return other;
    }

    record Sample(long nanos, double serverSeconds, double benchSeconds, double machineBusySeconds) {}

    Sample sample() {
        double server = serverPid.isPresent() ? processSeconds(serverPid.getAsLong()) : Double.NaN;
        double bench = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
        return new Sample(System.nanoTime(), server, bench, machineBusySeconds());
    }

    /** Average cores used between two samples: server, bench, and everything else on the machine. */
    static Map<String, Double> cores(Sample from, Sample to) {
        double wall = (to.nanos() - from.nanos()) / 1e9;
        double server = (to.serverSeconds() - from.serverSeconds()) / wall;
        double bench = (to.benchSeconds() - from.benchSeconds()) / wall;
        double machine = (to.machineBusySeconds() - from.machineBusySeconds()) / wall;
        double other = Double.isNaN(server) ? Double.NaN : machine - server - bench;
        return Map.of("server", server, "bench", bench, "other", other, "serverCpuSeconds",
                to.serverSeconds() - from.serverSeconds());
    }

    private static double processSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields[0] is field 3 (state); utime and stime are fields 14 and 15
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static double machineBusySeconds() {
        try {
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(cpu[i]);
                }
            }
            return busy / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
