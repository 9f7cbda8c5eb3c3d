package io.cellchat.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server JVM the harness starts, on the same JDK and with the same heap settings for every target (2 GiB, G1 with
 * the launcher's 20 ms pause goal), so the comparison is between the servers, not their JVM flags. Output goes to a log file beside its data. For a
 * profile, {@code -Dcellchat.bench.server-opts="-XX:StartFlightRecording=..."} adds JVM options to every server.
 */
final class JavaServerProcess implements AutoCloseable {

    /** The launcher's collector settings ({@code cellchat}: G1, 20 ms pause goal), given to every target alike. */
    static final List<String> JVM = List.of("-Xms2g", "-Xmx2g", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
            "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow");

    private final Process process;
    private final Path log;

    private JavaServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java <JVM flags> <args>} and waits until {@code readyUrl} answers 200. */
    static JavaServerProcess start(List<String> args, Path log, String readyUrl) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM);
        String extra = System.getProperty("cellchat.bench.server-opts", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(List.of(extra.split("\\s+")));
        }
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        JavaServerProcess server = new JavaServerProcess(process, log);
        server.awaitReady(readyUrl);
        return server;
    }

    private void awaitReady(String url) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited; its log:\n" + Files.readString(log));
            }
            try {
                int status = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status < 500) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("server not ready within 120 s; its log: " + log);
    }

    /** Kills the server with SIGKILL (no shutdown hook runs), as a crash would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
