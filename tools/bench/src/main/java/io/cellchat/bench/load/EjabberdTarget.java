package io.cellchat.bench.load;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The ejabberd peer: the machine's ejabberd 23.01 (Debian package {@code ejabberd}, installed with apt-get when it is
 * missing and we are root), configured as in the peer figures (shared/notes/ejabberd-peer.md, the configuration
 * without message archive) and run as an Erlang node of its own, {@code cellchat-bench@localhost}.
 *
 * <p>Nothing of the package's own configuration is touched: everything lives in a folder of its own
 * ({@value #DEFAULT_BASE} by default, property {@code cellchat.bench.ejabberd.dir}) and is handed to
 * {@code ejabberdctl} with {@code --config-dir/--config/--ctl-config/--spool/--logs}: {@code conf/} (ejabberd.yml,
 * ejabberdctl.cfg and inetrc written from the templates in resources/ejabberd/ at every start), {@code database/}
 * (mnesia, kept between runs so the registered users are reused) and {@code logs/}. The one change outside it is
 * {@value #LIMITS_FILE}, which raises the ejabberd user's open-files limit to 20,000 ({@code ejabberdctl} starts
 * the node through {@code su}, whose pam_limits would leave it at 1,024); it is restored (removed) by
 * {@link #close()}, which also stops the node ({@code ejabberdctl stop}, {@code stopped}; the latter also ends
 * epmd when no other Erlang node uses it).
 *
 * <p>Users are {@code tsunguserN} with password {@code sesameN}, N from 1, the names of the peer figures, registered
 * through ejabberd's HTTP API ({@code POST /api/register}, allowed for loopback by the configuration), eight at a
 * time; users that already exist are kept. Listeners: HTTP (WebSocket {@code /ws}, {@code /api}) on 127.0.0.1:5280
 * and c2s on 127.0.0.1:5222, properties {@code cellchat.bench.ejabberd.http-port} and {@code .c2s-port}.
 */
public final class EjabberdTarget implements Target {

    static final String PACKAGE = "ejabberd";
    static final String DEFAULT_BASE = "/var/lib/ejabberd/cellchat-bench";
    static final String LIMITS_FILE = "/etc/security/limits.d/cellchat-bench-ejabberd.conf";
    static final String NODE = "cellchat-bench@localhost";
    static final String DOMAIN = "localhost";
    static final String RUN_AS = "ejabberd";
    static final int NOFILE = 20_000;

    private final String ctl;
    private final Path base;
    private final int httpPort;
    private final @Nullable String limitsBefore;
    private long pid = -1;
    private String cookie = "";
    private boolean closed;

    private EjabberdTarget(String ctl, Path base, int httpPort, @Nullable String limitsBefore) {
        this.ctl = ctl;
        this.base = base;
        this.httpPort = httpPort;
        this.limitsBefore = limitsBefore;
    }

    /** Starts ejabberd on the ports of the system properties (default 5280 and 5222). */
    public static EjabberdTarget start() throws Exception {
        return start(Integer.getInteger("cellchat.bench.ejabberd.http-port", 5280),
                Integer.getInteger("cellchat.bench.ejabberd.c2s-port", 5222));
    }

    public static EjabberdTarget start(int httpPort, int c2sPort) throws Exception {
        String ctl = ensureInstalled();
        Path base = Path.of(System.getProperty("cellchat.bench.ejabberd.dir", DEFAULT_BASE));
        Path limits = Path.of(LIMITS_FILE);
        String limitsBefore = Files.exists(limits) ? Files.readString(limits) : null;
        EjabberdTarget target = new EjabberdTarget(ctl, base, httpPort, limitsBefore);
        try {
            target.stopLeftover();
            requireFree(httpPort);
            requireFree(c2sPort);
            target.configure(c2sPort);
            Files.writeString(limits, template("limits.conf.template")
                    .replace("@USER@", RUN_AS).replace("@NOFILE@", Integer.toString(NOFILE)));
            target.launch();
            return target;
        } catch (Exception | Error e) {
            target.close();
            throw e;
        }
    }

    @Override
    public String name() {
        return "ejabberd";
    }

    @Override
    public Dialect dialect() {
        return new XmppDialect("127.0.0.1", httpPort, DOMAIN);
    }

    /** The beam.smp process of the node. */
    @Override
    public long pid() {
        return pid;
    }

    /**
     * Forces a garbage collection of every Erlang process (idle c2s processes otherwise keep the garbage of their
     * login for good) and returns the resident set size afterwards, in bytes. ejabberdctl 23.01 has no {@code eval},
     * so a hidden Erlang node on loopback does it by rpc: {@code lists:foreach(fun erlang:garbage_collect/1,
     * erlang:processes())} on the ejabberd node.
     */
    public long rssAfterGc() {
        String output = rpc("Ps = rpc:call(N, erlang, processes, []), "
                + "R = rpc:call(N, lists, foreach, [fun erlang:garbage_collect/1, Ps]), "
                + "io:format(\"~p ~p~n\", [R, length(Ps)])");
        if (!output.startsWith("ok ")) {
            Progress.line("ejabberd: forced GC failed: " + output);
        }
        try {
            Thread.sleep(2000); // let the allocators hand back what they will
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return ProcessStats.rssBytes(pid);
    }

    /** {@code erlang:memory(total)} of the node, in bytes, or -1. */
    public long erlangMemoryBytes() {
        String output = rpc("io:format(\"~p~n\", [rpc:call(N, erlang, memory, [total])])");
        try {
            return Long.parseLong(output);
        } catch (NumberFormatException e) {
            Progress.line("ejabberd: erlang:memory failed: " + output);
            return -1;
        }
    }

    /** Evaluates {@code body} (with N bound to the node name) in a hidden node on loopback; returns its output. */
    private String rpc(String body) {
        String node = "cellchat-bench-q" + ProcessHandle.current().pid() + "@localhost";
        Result result = run(List.of("erl", "-sname", node, "-setcookie", cookie, "-hidden", "-noinput",
                "-kernel", "inet_dist_use_interface", "{127,0,0,1}",
                "-eval", "N = '" + NODE + "', " + body + ", halt()."), 120);
        return result.output.strip();
    }

    @Override
    public List<Dialect.User> users(int count) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        Set<String> existing = registered(http);
        List<Dialect.User> users = new ArrayList<>(count);
        List<Dialect.User> missing = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Dialect.User user = new Dialect.User(i, i + 1, "tsunguser" + (i + 1), "sesame" + (i + 1));
            users.add(user);
            if (!existing.contains(user.name())) {
                missing.add(user);
            }
        }
        List<CompletableFuture<?>> pending = new ArrayList<>();
        Semaphore inFlight = new Semaphore(8);
        AtomicInteger done = new AtomicInteger();
        Progress progress = new Progress();
        for (Dialect.User user : missing) {
            String body = "{\"user\":\"" + user.name() + "\",\"host\":\"" + DOMAIN + "\",\"password\":\""
                    + user.secret() + "\"}";
            inFlight.acquire();
            pending.add(http.sendAsync(api("register", body), HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, error) -> {
                        inFlight.release();
                        progress.tick("ejabberd register", done.incrementAndGet(), missing.size(), 0);
                    })
                    .thenAccept(response -> {
                        if (response.statusCode() != 200 && !response.body().contains("already registered")) {
                            throw new IllegalStateException("register " + user.name() + ": HTTP "
                                    + response.statusCode() + " " + response.body());
                        }
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        Progress.line("ejabberd: " + count + " users (" + (count - missing.size()) + " already registered, "
                + missing.size() + " registered now)");
        return users;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (Files.exists(base.resolve("conf/ejabberdctl.cfg")) && running()) {
                Result stop = ctl("stop");
                Result stopped = ctl("stopped");
                if (stop.code != 0 || stopped.code != 0) {
                    Progress.line("ejabberd: stop answered " + stop.output.strip() + " / " + stopped.output.strip());
                }
            }
            awaitExit(pid, 30);
        } finally {
            restoreLimits();
        }
    }

    // ---- installation and configuration ----

    /** The path of ejabberdctl, installing the package first when it is missing and we may. */
    private static String ensureInstalled() throws Exception {
        String ctl = findCtl();
        if (ctl != null) {
            return ctl;
        }
        if (!isRoot()) {
            throw new IllegalStateException("ejabberd is not installed (no ejabberdctl): install the Debian package '"
                    + PACKAGE + "' (apt-get install -y " + PACKAGE + ") or run the benchmark as root");
        }
        Progress.line("ejabberd: not installed; apt-get update && apt-get install -y " + PACKAGE);
        Path log = Files.createTempFile("ejabberd-install", ".log");
        for (List<String> command : List.of(List.of("apt-get", "update"),
                List.of("apt-get", "install", "-y", PACKAGE))) {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
            Process process = builder.start();
            if (!process.waitFor(15, TimeUnit.MINUTES) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " failed; its output: " + log);
            }
        }
        ctl = findCtl();
        if (ctl == null) {
            throw new IllegalStateException("package " + PACKAGE + " installed but ejabberdctl not found; see " + log);
        }
        // Where the package's service starts on install (a systemd machine), it holds 5222/5280: stop it. It was not
        // running before, since it was not installed.
        Result status = run(List.of(ctl, "status"), 60);
        if (status.code == 0) {
            Progress.line("ejabberd: stopping the service the package started");
            run(List.of(ctl, "stop"), 60);
            run(List.of(ctl, "stopped"), 90);
        }
        return ctl;
    }

    private static @Nullable String findCtl() {
        List<String> folders = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        folders.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
        for (String folder : folders) {
            if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, "ejabberdctl"))) {
                return Path.of(folder, "ejabberdctl").toString();
            }
        }
        return null;
    }

    private static boolean isRoot() {
        Result id = run(List.of("id", "-u"), 10);
        return id.code == 0 && id.output.strip().equals("0");
    }

    /** A node of ours left running by an interrupted run would hold the ports: stop it. */
    private void stopLeftover() throws IOException {
        if (Files.exists(base.resolve("conf/ejabberdctl.cfg")) && running()) {
            Progress.line("ejabberd: stopping " + NODE + " left running by an earlier run");
            ctl("stop");
            ctl("stopped");
        }
    }

    private static void requireFree(int port) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use (another ejabberd, e.g. the "
                    + "package's service?); stop it, or choose ports with "
                    + "-Dcellchat.bench.ejabberd.http-port/c2s-port");
        }
    }

    private void configure(int c2sPort) throws IOException {
        Path conf = base.resolve("conf");
        Files.createDirectories(conf);
        Files.createDirectories(base.resolve("database"));
        Files.createDirectories(base.resolve("logs"));
        Path pem = Path.of("/etc/ejabberd/ejabberd.pem");
        boolean tls = Files.exists(pem); // the package's self-signed certificate, for STARTTLS on 5222 (optional)
        Files.writeString(conf.resolve("ejabberd.yml"), template("ejabberd.yml.template")
                .replace("@DOMAIN@", DOMAIN)
                .replace("@HTTP_PORT@", Integer.toString(httpPort))
                .replace("@C2S_PORT@", Integer.toString(c2sPort))
                .replace("@STARTTLS@", Boolean.toString(tls))
                .replace("@CERTFILES@", tls ? "certfiles:\n  - \"" + pem + "\"" : ""));
        Files.writeString(conf.resolve("ejabberdctl.cfg"), template("ejabberdctl.cfg.template")
                .replace("@NODE@", NODE)
                .replace("@COOKIE@", cookie = cookie(conf))
                .replace("@PID_FILE@", base.resolve("ejabberd.pid").toString()));
        Files.writeString(conf.resolve("inetrc"), """
                {lookup,["file","native"]}.
                {host,{127,0,0,1}, ["localhost","hostalias"]}.
                {file, resolv, "/etc/resolv.conf"}.
                """);
        Files.deleteIfExists(base.resolve("ejabberd.pid"));
        Result chown = run(List.of("chown", "-R", RUN_AS + ":" + RUN_AS, base.toString()), 60);
        if (chown.code != 0) {
            throw new IllegalStateException("chown " + base + ": " + chown.output);
        }
        run(List.of("chmod", "700", conf.toString()), 10);
    }

    /** The node's distribution cookie: made once, kept in conf/ so a later run can stop a node left running. */
    private static String cookie(Path conf) throws IOException {
        Path file = conf.resolve("cookie");
        if (Files.exists(file)) {
            String cookie = Files.readString(file).strip();
            if (cookie.matches("[a-z0-9]{16,}")) {
                return cookie;
            }
        }
        byte[] bytes = new byte[12];
        new SecureRandom().nextBytes(bytes);
        String cookie = HexFormat.of().formatHex(bytes);
        Files.writeString(file, cookie + "\n");
        return cookie;
    }

    private void launch() throws Exception {
        Progress.line("ejabberd: starting node " + NODE + " (config " + base.resolve("conf/ejabberd.yml") + ")");
        Result start = ctl("start");
        if (start.code != 0) {
            throw new IllegalStateException("ejabberdctl start failed: " + start.output + logTail());
        }
        Result started = ctl("started");
        if (started.code != 0) {
            throw new IllegalStateException("ejabberd did not start within 60 s" + logTail());
        }
        Path pidFile = base.resolve("ejabberd.pid");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(pidFile) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        pid = Files.exists(pidFile) ? Long.parseLong(Files.readString(pidFile).strip()) : -1;
        if (pid < 0 || !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException("ejabberd started but its pid file " + pidFile + " names no process"
                    + logTail());
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        while (true) {
            try {
                if (http.send(api("status", "{}"), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                // listener not up yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ejabberd's HTTP API on port " + httpPort + " does not answer"
                        + logTail());
            }
            Thread.sleep(200);
        }
        Progress.line("ejabberd: running, beam.smp pid " + pid + ", " + openFilesLimit(pid));
    }

    private static String openFilesLimit(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "limits"))) {
                if (line.startsWith("Max open files")) {
                    String[] words = line.substring("Max open files".length()).trim().split("\\s+");
                    return "open files " + words[0] + " (hard " + words[1] + ")";
                }
            }
        } catch (IOException | RuntimeException e) {
            // not essential
        }
        return "open files unknown";
    }

    private HttpRequest api(String command, String json) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/" + command))
                .timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    /** The local parts of the users already registered, or an empty set if the API does not say. */
    private Set<String> registered(HttpClient http) {
        Set<String> names = new HashSet<>();
        try {
            HttpResponse<String> response = http.send(api("registered_users", "{\"host\":\"" + DOMAIN + "\"}"),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                String[] parts = response.body().split("\"");
                for (int i = 1; i < parts.length; i += 2) {
                    names.add(parts[i]);
                }
            }
        } catch (IOException e) {
            // register everyone; "already registered" answers are fine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return names;
    }

    // ---- stopping ----

    private boolean running() {
        return ctl("status").code == 0;
    }

    private static void awaitExit(long pid, int seconds) {
        if (pid <= 0) {
            return;
        }
        ProcessHandle.of(pid).ifPresent(process -> {
            try {
                process.onExit().get(seconds, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                Progress.line("ejabberd: pid " + pid + " still alive after stop; terminating it");
                process.destroy();
                try {
                    process.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    process.destroyForcibly();
                }
            }
        });
    }

    private void restoreLimits() {
        Path limits = Path.of(LIMITS_FILE);
        try {
            if (limitsBefore == null) {
                Files.deleteIfExists(limits);
            } else {
                Files.writeString(limits, limitsBefore);
            }
        } catch (IOException e) {
            Progress.line("ejabberd: cannot restore " + limits + ": " + e.getMessage());
        }
    }

    // ---- helpers ----

    private Result ctl(String... args) {
        List<String> command = new ArrayList<>(List.of(ctl,
                "--config-dir", base.resolve("conf").toString(),
                "--config", base.resolve("conf/ejabberd.yml").toString(),
                "--ctl-config", base.resolve("conf/ejabberdctl.cfg").toString(),
                "--spool", base.resolve("database").toString(),
                "--logs", base.resolve("logs").toString()));
        command.addAll(List.of(args));
        return run(command, 120);
    }

    private record Result(int code, String output) {}

    private static Result run(List<String> command, int timeoutSeconds) {
        try {
            Path out = Files.createTempFile("ejabberd-cmd", ".out");
            try {
                // Output to a file, not a pipe: "ejabberdctl start" leaves a detached node (and epmd) behind that
                // would otherwise hold the pipe open.
                Process process = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    return new Result(-1, String.join(" ", command) + ": timed out after " + timeoutSeconds + " s");
                }
                return new Result(process.exitValue(), Files.readString(out));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new Result(-1, String.join(" ", command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    private String logTail() {
        StringBuilder tail = new StringBuilder();
        for (String name : List.of("logs/ejabberd.log", "logs/error.log")) {
            Path log = base.resolve(name);
            try {
                List<String> lines = Files.readAllLines(log);
                tail.append("\n--- ").append(log).append(" (last lines)\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            } catch (IOException | RuntimeException e) {
                // no log yet
            }
        }
        return tail.toString();
    }

    private static String template(String name) {
        try (InputStream in = EjabberdTarget.class.getResourceAsStream("/ejabberd/" + name)) {
            if (in == null) {
                throw new IllegalStateException("resource /ejabberd/" + name + " missing from the bench jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
