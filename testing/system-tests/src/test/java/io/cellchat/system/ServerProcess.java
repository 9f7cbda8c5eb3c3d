package io.cellchat.system;

import io.cellchat.testing.files.Folders;
import java.io.IOException;
import java.net.ServerSocket;
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
 * {@code cellchat dev} as its own JVM, for tests that kill it with SIGKILL or measure its memory: started on a data
 * folder and a free port with cheap password hashing and no frame-rate limit, and ready when {@code /health/ready}
 * says so. The test's classpath is the process's classpath.
 */
final class ServerProcess implements AutoCloseable {

    private final Path data;
    private final int port;
    private final List<String> jvmOptions;
    private final List<String> settings;
    private Process process;

    private ServerProcess(Path data, int port, List<String> jvmOptions, List<String> settings) {
        this.data = data;
        this.port = port;
        this.jvmOptions = jvmOptions;
        this.settings = settings;
    }

    /** Starts a process on a new data folder; {@code settings} are extra {@code key=value} pairs. */
    static ServerProcess launch(String... settings) throws Exception {
        return launch(List.of(), settings);
    }

    /** Starts a process with extra JVM options (such as the JSON log configuration). */
    static ServerProcess launch(List<String> jvmOptions, String... settings) throws Exception {
        ServerProcess server = new ServerProcess(Files.createTempDirectory("cellchat-process"), freePort(),
                List.copyOf(jvmOptions), List.of(settings));
        server.restart();
        return server;
    }

    /** Starts the process again on the same data folder and port (after {@link #kill}). */
    void restart() throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-Xmx512m"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.cellchat.app.Main", "dev",
                "--port", Integer.toString(port), "--data", data.toString(),
                "--set", "auth.argon2.memory-kib=64", "--set", "auth.argon2.iterations=1",
                "--set", "auth.register-per-hour-per-address=1000000", "--set", "auth.register-burst-per-address=100000",
                "--set", "auth.login-per-hour-per-address=1000000", "--set", "auth.login-burst-per-address=100000",
                "--set", "connection.rate-limit=100000", "--set", "connection.rate-burst=100000"));
        for (String setting : settings) {
            command.addAll(List.of("--set", setting));
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile())).start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(uri() + "/health/ready")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive()) {
                throw new AssertionError("process exited: " + Files.readString(log()));
            }
            Thread.sleep(200);
        }
        throw new AssertionError("process not ready in 60 s: " + Files.readString(log()));
    }

    String uri() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path log() {
        return data.resolve("process.log");
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("process " + process.pid() + " survived SIGKILL for 30 s");
        }
    }

    /** Runs {@code jcmd <pid> <command>} against the process and returns what it printed. */
    String jcmd(String... command) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid())));
        args.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(args).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        jcmd.waitFor(60, TimeUnit.SECONDS);
        return output;
    }

    /** Kills the process and deletes its data folder (the crash test's holds tens of megabytes). */
    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            kill();
        }
        Folders.delete(data);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
