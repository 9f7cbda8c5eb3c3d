package io.cellchat.testing.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One engine process, started under a watchdog that stops it when the run's owner dies.
 *
 * <p>The watchdog is a few lines of bash: it starts the engine, records its PID in {@code engine.pid}, and polls the
 * owner once a second; when the owner is gone (the Maven run ended, failed or was killed) it sends SIGTERM, waits,
 * then SIGKILL. So engines never outlive the run, even when no JVM shutdown hook gets to run.
 */
final class EngineProcess {

    private static final String WATCHDOG = """
            owner="$1"; grace="$2"; pidfile="$3"; shift 3
            "$@" &
            child=$!
            echo "$child" > "$pidfile"
            stop() {
              kill -TERM "$child" 2>/dev/null
              for _ in $(seq 1 "$grace"); do kill -0 "$child" 2>/dev/null || exit 0; sleep 1; done
              kill -KILL "$child" 2>/dev/null
              exit 0
            }
            trap stop TERM INT HUP
            while kill -0 "$child" 2>/dev/null; do
              kill -0 "$owner" 2>/dev/null || stop
              sleep 1 & wait $!
            done
            wait "$child"
            """;

    private final String name;
    private final Process watchdog;
    private final Path folder;
    private final Instant started;

    private EngineProcess(String name, Process watchdog, Path folder, Instant started) {
        this.name = name;
        this.watchdog = watchdog;
        this.folder = folder;
        this.started = started;
    }

    /**
     * Starts {@code command} with output to {@code folder/engine.log}, watched on behalf of {@code ownerPid}.
     *
     * @param stopGrace seconds between SIGTERM and SIGKILL when stopping
     */
    static EngineProcess start(String name, Path folder, long ownerPid, int stopGrace, List<String> command) {
        List<String> full = new ArrayList<>(List.of("bash", "-c", WATCHDOG, "watchdog",
                Long.toString(ownerPid), Integer.toString(stopGrace), folder.resolve("engine.pid").toString()));
        full.addAll(command);
        Path logFile = folder.resolve("engine.log");
        try {
            Process process = new ProcessBuilder(full)
                    .directory(folder.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            return new EngineProcess(name, process, folder, Instant.now());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    /** Waits until {@code ready} holds, failing with the log's tail if the engine exits or the timeout passes. */
    Duration awaitReady(BooleanSupplier ready, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!ready.getAsBoolean()) {
            if (!watchdog.isAlive()) {
                throw new IllegalStateException(name + " exited before it was ready (exit " + watchdog.exitValue()
                        + "); end of " + logFile() + ":\n" + logTail(40));
            }
            if (Instant.now().isAfter(deadline)) {
                stop();
                throw new IllegalStateException(name + " was not ready within " + timeout + "; end of " + logFile()
                        + ":\n" + logTail(40));
            }
            sleepQuietly(100);
        }
        return Duration.between(started, Instant.now());
    }

    /** Whether the engine's log contains {@code line}. */
    boolean logContains(String line) {
        return logContains(logFile(), line);
    }

    static boolean logContains(Path logFile, String line) {
        try {
            return Files.exists(logFile) && Files.readString(logFile, StandardCharsets.UTF_8).contains(line);
        } catch (IOException e) {
            return false;
        }
    }

    /** The watchdog's PID: SIGTERM to it stops the engine gracefully. */
    long watchdogPid() {
        return watchdog.pid();
    }

    /** The engine's PID, as the watchdog wrote it (waits up to 10 s for the file). */
    long awaitPid() {
        Path pidFile = folder.resolve("engine.pid");
        Instant deadline = Instant.now().plusSeconds(10);
        while (true) {
            try {
                String text = Files.exists(pidFile) ? Files.readString(pidFile, StandardCharsets.UTF_8).trim() : "";
                if (!text.isEmpty()) {
                    return Long.parseLong(text);
                }
            } catch (IOException | NumberFormatException e) {
                // Being written; read again.
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + ": no PID in " + pidFile + " after 10 s");
            }
            sleepQuietly(50);
        }
    }

    /** Asks the watchdog to stop the engine and waits for both to exit. */
    void stop() {
        watchdog.destroy();
        try {
            if (!watchdog.waitFor(30, TimeUnit.SECONDS)) {
                watchdog.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            watchdog.destroyForcibly();
        }
    }

    Path logFile() {
        return folder.resolve("engine.log");
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
