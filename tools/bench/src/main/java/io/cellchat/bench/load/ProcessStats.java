package io.cellchat.bench.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the benchmarks read of a process from /proc and jcmd: CPU time, resident memory, heap after a full GC. */
public final class ProcessStats {

    private static final double TICKS_PER_SECOND = 100.0;
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private ProcessStats() {}

    /** User plus system CPU seconds the process has used so far. */
    public static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * User plus system CPU seconds a process and its live descendants have used so far (a PostgreSQL server does its
     * work in one backend process per connection); NaN if the process is gone.
     */
    public static double treeCpuSeconds(long pid) {
        double total = cpuSeconds(pid);
        for (long child : descendants(pid)) {
            double seconds = cpuSeconds(child);
            total += Double.isNaN(seconds) ? 0 : seconds;
        }
        return total;
    }

    /** {@link #writeBytes} of a process and its live descendants, or -1 if the process's own is unreadable. */
    public static long treeWriteBytes(long pid) {
        long total = writeBytes(pid);
        if (total < 0) {
            return -1;
        }
        for (long child : descendants(pid)) {
            total += Math.max(0, writeBytes(child));
        }
        return total;
    }

    private static java.util.List<Long> descendants(long pid) {
        return ProcessHandle.of(pid).map(p -> p.descendants().map(ProcessHandle::pid).toList())
                .orElse(java.util.List.of());
    }

    /**
     * Bytes the process caused to be written to storage so far ({@code write_bytes} of {@code /proc/PID/io}: what
     * reached the block layer, page-cache write-back and fsyncs included, not what was merely copied into the page
     * cache and overwritten before write-back), or -1 if unreadable.
     */
    public static long writeBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "io"))) {
                if (line.startsWith("write_bytes:")) {
                    return Long.parseLong(line.substring("write_bytes:".length()).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** Resident set size in bytes. */
    public static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** Forces a full GC in a JVM ({@code jcmd GC.run}) and returns its used heap in bytes afterwards. */
    public static long heapUsedAfterGc(long pid) {
        run(pid, "GC.run");
        String info = run(pid, "GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        return used.find() ? Long.parseLong(used.group(1)) * 1024 : -1;
    }

    private static String run(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(60, TimeUnit.SECONDS);
            return output;
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
