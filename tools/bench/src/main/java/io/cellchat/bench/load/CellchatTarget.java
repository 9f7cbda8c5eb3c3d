package io.cellchat.bench.load;

import io.cellchat.testing.files.Folders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Cellchat's single process ({@code cellchat dev}) on a fresh data folder (or a preloaded one), with history
 * persisted as in production (RocksDB, every batch fsynced before it is acknowledged). Two settings differ from the defaults, both outside
 * what is measured: password hashing is cheap (users are registered before the measurement; login cost is not
 * part of any figure), and the per-connection rate limit is lifted for the capacity of a load generator.
 */
public final class CellchatTarget implements Target {

    private JavaServerProcess process;
    private int port;
    private final Path data;
    private final String name;
    private @Nullable List<Dialect.User> registered;
    private java.util.@Nullable Map<String, Object> preload;

    private CellchatTarget(JavaServerProcess process, int port, Path data, String name) {
        this.process = process;
        this.port = port;
        this.data = data;
        this.name = name;
    }

    public static CellchatTarget start(Path appJar, int port, List<String> settings) throws Exception {
        return start(appJar, port, settings, "cellchat");
    }

    static CellchatTarget start(Path appJar, int port, List<String> settings, String name) throws Exception {
        Path data = Files.createTempDirectory("cellchat-bench");
        return new CellchatTarget(launch(appJar, port, data, settings), port, data, name);
    }

    /**
     * Cellchat after a preload ({@code cellchat-preloaded}): starts it fresh, registers the users, kills it, fills
     * its store with {@code messages} in {@code conversations} conversations between those users
     * ({@link Preloader}), starts it, kills it with SIGKILL and starts it again, timing that last start-up: the
     * recovery of a crashed server holding the whole history.
     */
    public static CellchatTarget startPreloaded(Path appJar, List<String> settings, int users, long messages,
            int conversations) throws Exception {
        Path data = Files.createTempDirectory("cellchat-bench");
        Targets.Preload key = new Targets.Preload(users, messages, conversations);
        PreloadCache cache = PreloadCache.fromSystemProperty();
        PreloadCache.Entry cached = cache == null ? null : cache.restore(key, data);
        int port = Targets.freePort();
        CellchatTarget target = new CellchatTarget(launch(appJar, port, data, settings), port, data,
                "cellchat-preloaded");
        Preloader.Result result;
        if (cached != null) {
            target.registered = cached.users();
            result = cached.result();
        } else {
            target.registered = target.users(users);
            target.process.kill();
            Progress.line(String.format("cellchat-preloaded: preloading %,d messages in %,d conversations",
                    messages, conversations));
            result = Preloader.run(data, target.registered.stream().map(Dialect.User::id).toList(), messages,
                    conversations);
            Progress.line(String.format(
                    "cellchat-preloaded: preloaded %,d messages in %.0f s (%,.0f/s), history %,d MB",
                    result.messages(), result.seconds(), result.messages() / result.seconds(),
                    result.historyBytes() >> 20));
            if (cache != null) {
                cache.save(key, data, target.registered, result);
            }
            target.restart(appJar, settings);
        }
        target.process.kill();
        double startup = target.restart(appJar, settings);
        Progress.line(String.format("cellchat-preloaded: started in %.2f s after kill -9", startup));
        java.util.Map<String, Object> facts = new java.util.LinkedHashMap<>();
        facts.put("messages", result.messages());
        facts.put("conversations", result.conversations());
        facts.put("preloadSeconds", result.seconds());
        facts.put("historyBytes", result.historyBytes());
        facts.put("fromCache", cached != null);
        facts.put("startupSecondsAfterKill9", startup);
        target.preload = facts;
        return target;
    }

    /** Starts the server again on the same data folder and a new port; returns seconds until it was ready. */
    private double restart(Path appJar, List<String> settings) throws Exception {
        port = Targets.freePort();
        long started = System.nanoTime();
        process = launch(appJar, port, data, settings);
        return (System.nanoTime() - started) / 1e9;
    }

    /** Facts of the preload, or {@code null} if this server was not preloaded. */
    public java.util.@Nullable Map<String, Object> preload() {
        return preload;
    }

    private static JavaServerProcess launch(Path appJar, int port, Path data, List<String> settings)
            throws Exception {
        List<String> args = new ArrayList<>(List.of("-jar", appJar.toString(), "dev", "--port", Integer.toString(port),
                "--data", data.toString(),
                "--set", "auth.argon2.memory-kib=64", "--set", "auth.argon2.iterations=1",
                "--set", "auth.register-per-hour-per-address=1000000", "--set", "auth.register-burst-per-address=100000",
                "--set", "auth.login-per-hour-per-address=1000000", "--set", "auth.login-burst-per-address=100000",
                // Bench clients keep the token they registered with for the whole run, restarts included.
                "--set", "auth.access-ttl=7d",
                "--set", "connection.rate-limit=10000", "--set", "connection.rate-burst=20000"));
        for (String setting : settings) {
            args.add("--set");
            args.add(setting);
        }
        return JavaServerProcess.start(args, data.resolve("server.log"), "http://127.0.0.1:" + port + "/health/ready");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Dialect dialect() {
        return new CellchatDialect("127.0.0.1", port);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public List<Dialect.User> users(int count) throws Exception {
        if (registered != null && registered.size() == count) {
            return registered;
        }
        return Registrations.register("http://127.0.0.1:" + port, count);
    }

    public Path data() {
        return data;
    }

    /**
     * Stops the server and deletes its data folder (a few hundred MB after a sweep), unless
     * {@code -Dcellchat.bench.keep-data=true} asks to keep it for a look at the database or the server log.
     */
    @Override
    public void close() {
        process.close();
        if (Boolean.getBoolean("cellchat.bench.keep-data")) {
            Progress.line("cellchat: data kept in " + data);
        } else {
            Folders.delete(data);
        }
    }
}
