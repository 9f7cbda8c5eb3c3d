package io.cellchat.system;

import static org.awaitility.Awaitility.await;

import io.cellchat.testing.observability.ObservabilityQueries;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real rsyslog (Debian's {@code rsyslogd}) running one of the example configurations of
 * {@code deploy/observability/rsyslog}, with the example's paths and port swapped for a test folder and a free port
 * (every other line is the operator's example as is). Foreground, its own PID file and work directory, no system
 * inputs, stopped with SIGTERM.
 */
final class Rsyslog implements AutoCloseable {

    private final Process process;
    private final Path folder;

    private Rsyslog(Process process, Path folder) {
        this.process = process;
        this.folder = folder;
    }

    /**
     * Starts rsyslogd on an example configuration.
     *
     * @param example the file name under {@code deploy/observability/rsyslog}
     * @param replacements pairs of (text in the example, text in the test), applied in order
     */
    static Rsyslog start(Path folder, String example, String... replacements) throws IOException {
        Path rsyslogd = Path.of("/usr/sbin/rsyslogd");
        if (!Files.isExecutable(rsyslogd)) {
            throw new IllegalStateException("rsyslog is not installed; apt-get install -y rsyslog (run-tests does)");
        }
        String config = Files.readString(ObservabilityQueries.deploy().resolve("rsyslog").resolve(example));
        for (int i = 0; i < replacements.length; i += 2) {
            if (!config.contains(replacements[i])) {
                throw new AssertionError(example + " no longer contains '" + replacements[i] + "'");
            }
            config = config.replace(replacements[i], replacements[i + 1]);
        }
        Files.createDirectories(folder.resolve("work"));
        Path file = folder.resolve("rsyslog.conf");
        Files.writeString(file, config, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(rsyslogd.toString(), "-n", "-f", file.toString(),
                "-i", folder.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true)
                .redirectOutput(folder.resolve("rsyslogd.log").toFile())
                .start();
        return new Rsyslog(process, folder);
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String output() throws IOException {
        return Files.readString(folder.resolve("rsyslogd.log"));
    }

    /** Waits until a TCP listener (the receiving rsyslog's input) accepts connections on the loopback port. */
    static void awaitListening(int port) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .alias("a listener on 127.0.0.1:" + port).until(() -> accepts(port));
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }
}
