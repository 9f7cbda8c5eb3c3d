package io.cellchat.testing.engines;

import io.cellchat.testing.files.Folders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engines of the current test run, each started at most once per run and only when a test asks for it.
 *
 * <p>Test JVMs of one Maven run share the engines: the first JVM that needs Kafka starts it under the run's folder
 * and writes its endpoint to {@code state.properties}; later JVMs (other modules) find it there and reuse it. A file
 * lock per engine serializes the start. The engines stop when the run's owner exits (see {@link RunFolder}); when
 * this JVM is the owner, {@link EnginesSessionListener} stops them as soon as its tests end.
 */
public final class Engines {

    private static final Logger log = LoggerFactory.getLogger(Engines.class);
    private static final Engines INSTANCE = new Engines();

    private final Map<String, Map<String, String>> states = new HashMap<>();
    private final List<EngineProcess> startedHere = new ArrayList<>();
    private @Nullable RunFolder run;

    private Engines() {}

    static Engines get() {
        return INSTANCE;
    }

    /** Endpoint of the Kafka broker: key {@code bootstrap}. */
    synchronized Map<String, String> kafka() {
        return ensure("kafka", KafkaEngine::start);
    }

    /** Endpoint of Cassandra: keys {@code host}, {@code port}, {@code datacenter}. */
    synchronized Map<String, String> cassandra() {
        return ensure("cassandra", CassandraEngine::start);
    }

    /** Endpoint of PostgreSQL: keys {@code host}, {@code port}, {@code user}. */
    synchronized Map<String, String> postgres() {
        return ensure("postgres", PostgresEngine::start);
    }

    /** Endpoint of Redis: keys {@code host}, {@code port}. */
    synchronized Map<String, String> redis() {
        return ensure("redis", RedisEngine::start);
    }

    /** Endpoint of Zipkin: keys {@code host}, {@code port}. */
    synchronized Map<String, String> zipkin() {
        return ensure("zipkin", ZipkinEngine::start);
    }

    /** Endpoint of Prometheus: keys {@code host}, {@code port}, {@code targets}. */
    synchronized Map<String, String> prometheus() {
        return ensure("prometheus", PrometheusEngine::start);
    }

    /** One value of an engine's endpoint; a missing key means a broken state file, named in the error. */
    static String value(Map<String, String> endpoint, String key) {
        String value = endpoint.get(key);
        if (value == null) {
            throw new IllegalStateException("engine endpoint " + endpoint + " has no '" + key + "'");
        }
        return value;
    }

    /** Stops the engines this JVM started, if it owns the run. */
    synchronized void stopOwned() {
        if (run == null || !run.ownedByThisJvm()) {
            return;
        }
        for (EngineProcess engine : startedHere.reversed()) {
            engine.stop();
        }
        startedHere.clear();
        states.clear();
        Folders.delete(run.path());
    }

    /** Starts one engine; returns its process and its endpoint. */
    @FunctionalInterface
    interface Starter {
        Started start(Path folder, long ownerPid);
    }

    record Started(EngineProcess process, Map<String, String> endpoint, Duration readyAfter) {}

    private Map<String, String> ensure(String name, Starter starter) {
        Map<String, String> known = states.get(name);
        if (known != null) {
            return known;
        }
        if (run == null) {
            run = RunFolder.current();
        }
        Path folder = run.engineFolder(name);
        Path stateFile = folder.resolve("state.properties");
        try (FileChannel channel = FileChannel.open(folder.resolve("start.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = channel.lock()) {
            Map<String, String> state = readIfAlive(stateFile);
            if (state == null) {
                Started started = starter.start(folder, run.ownerPid());
                startedHere.add(started.process());
                state = new HashMap<>(started.endpoint());
                state.put("pid", Files.readString(folder.resolve("engine.pid"), StandardCharsets.UTF_8).trim());
                state.put("readySeconds", String.format("%.1f", started.readyAfter().toMillis() / 1000.0));
                write(stateFile, state);
                log.info("started {} in {} s: {} (log: {})", name, state.get("readySeconds"), started.endpoint(),
                        started.process().logFile());
            } else {
                log.info("reusing {} of this run: {}", name, state);
            }
            states.put(name, Map.copyOf(state));
            return states.get(name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    private static @Nullable Map<String, String> readIfAlive(Path stateFile) throws IOException {
        if (!Files.exists(stateFile)) {
            return null;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(stateFile)) {
            properties.load(in);
        }
        long pid = Long.parseLong(properties.getProperty("pid", "-1"));
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return null;
        }
        Map<String, String> state = new HashMap<>();
        properties.stringPropertyNames().forEach(key -> state.put(key, properties.getProperty(key)));
        return state;
    }

    private static void write(Path stateFile, Map<String, String> state) throws IOException {
        Properties properties = new Properties();
        properties.putAll(state);
        try (OutputStream out = Files.newOutputStream(stateFile)) {
            properties.store(out, "engine endpoint for this test run");
        }
    }
}
