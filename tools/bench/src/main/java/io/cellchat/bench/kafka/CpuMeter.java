package io.cellchat.bench.kafka;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * CPU time used by this JVM and by the Kafka broker (a descendant of this JVM when the benchmark started it), so a
 * figure can say what a record costs on each side of the loopback. Both share the machine's cores. The broker's time
 * comes from {@code /proc/<pid>/stat} (Linux), in clock ticks. The machine's busy time ({@code /proc/stat}) minus both
 * tells how much other processes, such as other sessions' builds, competed for the cores meanwhile.
 */
final class CpuMeter {

    /**
     * CPU times so far, in nanoseconds.
     *
     * @param brokerNanos negative when the broker was not found
     * @param machineNanos busy time of all cores, every process ({@code /proc/stat})
     */
    record Sample(long wallNanos, long clientNanos, long brokerNanos, long machineNanos) {

        /** Cores kept busy by other processes (builds, tests of other sessions) between {@code earlier} and this. */
        double otherCoresSince(Sample earlier) {
            long others = (machineNanos - earlier.machineNanos) - (clientNanos - earlier.clientNanos)
                    - Math.max(0, brokerNanos - earlier.brokerNanos);
            return Math.max(0, others) / (double) (wallNanos - earlier.wallNanos);
        }
    }

    private final OperatingSystemMXBean os =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final OptionalLong broker;
    private final long nanosPerTick;

    private CpuMeter(OptionalLong broker, long ticksPerSecond) {
        this.broker = broker;
        this.nanosPerTick = 1_000_000_000L / ticksPerSecond;
    }

    /** Finds the broker among this JVM's descendants: the process whose main class is {@code kafka.Kafka}. */
    static CpuMeter find() {
        OptionalLong broker = ProcessHandle.current().descendants().mapToLong(ProcessHandle::pid)
                .filter(pid -> procFile(pid, "cmdline").map(CpuMeter::isBroker).orElse(false))
                .findFirst();
        return new CpuMeter(broker, ticksPerSecond());
    }

    /** A JVM running {@code kafka.Kafka} (not the watchdog shell that started it with the same arguments). */
    private static boolean isBroker(String cmdline) {
        List<String> args = Arrays.asList(cmdline.split("\0"));
        return !args.isEmpty() && args.getFirst().endsWith("/java") && args.contains("kafka.Kafka");
    }

    boolean seesBroker() {
        return broker.isPresent();
    }

    /** Cores other processes keep busy, sampled over {@code millis}. */
    double otherCores(long millis) throws InterruptedException {
        Sample before = sample();
        Thread.sleep(millis);
        return sample().otherCoresSince(before);
    }

    Sample sample() {
        long brokerTicks = broker.isPresent() ? brokerTicks(broker.getAsLong()) : -1;
        return new Sample(System.nanoTime(), os.getProcessCpuTime(), brokerTicks < 0 ? -1 : brokerTicks * nanosPerTick,
                machineTicks() * nanosPerTick);
    }

    /**
     * user + nice + system + steal of the {@code cpu} line of {@code /proc/stat}. Interrupt time is left out: the
     * loopback traffic between this JVM and the broker is processed in softirq, which no process is charged for.
     */
    private static long machineTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = cpu.trim().split("\\s+");
            return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]) + Long.parseLong(f[8]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime: fields 14 and 15 of {@code stat}, counted after the parenthesized command name. */
    private static long brokerTicks(long pid) {
        return procFile(pid, "stat").map(stat -> {
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }).orElse(-1L);
    }

    private static Optional<String> procFile(long pid, String name) {
        try {
            return Optional.of(Files.readString(Path.of("/proc", Long.toString(pid), name),
                    StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long ticksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return getconf.waitFor() == 0 ? Long.parseLong(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
