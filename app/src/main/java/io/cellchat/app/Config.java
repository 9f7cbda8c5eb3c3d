package io.cellchat.app;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of a process: documented keys with defaults (docs/configuration.md), overridden by a
 * properties file ({@code --config}), then by environment variables ({@code CELLCHAT_<KEY>}, for
 * {@code cellchat serve}), then by {@code --set key=value}. Frozen once read. An unknown key or a bad value fails
 * start-up with a message naming the key and the value; nothing is clamped silently. Secrets are never printed.
 */
final class Config {

    /** Every key with its default. */
    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("chat.max-text-length", "4096");
        keys.put("chat.max-group-members", "1000");
        keys.put("connection.max-frame-bytes", "65536");
        keys.put("connection.heartbeat-interval", "15s");
        keys.put("connection.idle-timeout", "45s");
        keys.put("connection.max-pending-frames", "2048");
        keys.put("connection.rate-limit", "100");
        keys.put("connection.rate-burst", "200");
        keys.put("presence.away-after", "5m");
        keys.put("auth.access-ttl", "15m");
        keys.put("auth.refresh-ttl", "30d");
        keys.put("auth.login-per-hour-per-account", "30");
        keys.put("auth.login-burst-per-account", "5");
        keys.put("auth.login-per-hour-per-address", "300");
        keys.put("auth.login-burst-per-address", "50");
        keys.put("auth.register-per-hour-per-address", "30");
        keys.put("auth.register-burst-per-address", "10");
        keys.put("users.search-per-minute", "60");
        keys.put("users.search-burst", "20");
        keys.put("users.avatar-uploads-per-hour", "30");
        keys.put("users.avatar-uploads-burst", "10");
        keys.put("auth.argon2.memory-kib", "19456");
        keys.put("auth.argon2.iterations", "2");
        keys.put("sqlite.readers", "4");
        keys.put("sqlite.max-batch", "256");
        keys.put("sqlite.max-queued", "10000");
        keys.put("history.store", "rocksdb");
        keys.put("store.max-batch", "1024");
        keys.put("store.max-queued", "20000");
        keys.put("store.block-cache-mib", "512");
        keys.put("store.write-buffer-mib", "128");
        keys.put("store.conversation-cache", "200000");
        keys.put("store.commit-linger", "0ms");
        keys.put("store.writer-nice", "-5");
        keys.put("ids.max-clock-step-back", "2s");
        keys.put("ids.reserve", "1s");
        keys.put("server.event-loops", "0");
        // The distributed cell (cellchat serve).
        keys.put("server.host", "127.0.0.1");
        keys.put("server.port", "8080");
        keys.put("cell.id", "0");
        keys.put("ids.lease-ttl", "30s");
        keys.put("ids.lease-renew-every", "10s");
        keys.put("ids.lease-margin", "5s");
        keys.put("postgres.url", "jdbc:postgresql://127.0.0.1:5432/cellchat");
        keys.put("postgres.user", "cellchat");
        keys.put("postgres.password", "");
        keys.put("postgres.max-pool-size", "10");
        keys.put("postgres.connection-timeout", "2s");
        keys.put("redis.uri", "redis://127.0.0.1:6379/0");
        keys.put("redis.timeout", "2s");
        keys.put("redis.key-prefix", "cellchat:");
        keys.put("kafka.bootstrap-servers", "127.0.0.1:9092");
        keys.put("kafka.topics.prefix", "");
        keys.put("kafka.topics.commands.partitions", "64");
        keys.put("kafka.topics.deliveries.partitions", "128");
        keys.put("kafka.topics.replication-factor", "3");
        keys.put("kafka.topics.min-insync-replicas", "2");
        keys.put("users.url", "http://127.0.0.1:8081");
        keys.put("gateway.users-timeout", "10s");
        keys.put("history.url", "http://127.0.0.1:8083");
        keys.put("rpc.deadline", "2s");
        keys.put("backplane.append-timeout", "10s");
        keys.put("backplane.max-pending-appends", "10000");
        keys.put("sequencer.application-id", "cellchat-sequencer");
        keys.put("sequencer.state-dir", "./data/sequencer");
        keys.put("sequencer.commit-interval", "100ms");
        keys.put("sequencer.standby-replicas", "1");
        keys.put("sequencer.threads", "1");
        keys.put("sequencer.session-timeout", "10s");
        keys.put("materializer.group", "cellchat-materializer");
        keys.put("materializer.max-in-flight", "128");
        keys.put("materializer.max-backoff", "5s");
        keys.put("cassandra.contact-points", "127.0.0.1:9042");
        keys.put("cassandra.local-datacenter", "datacenter1");
        keys.put("cassandra.keyspace", "cellchat");
        keys.put("cassandra.replication", "datacenter1=3");
        keys.put("messaging.address", "");
        keys.put("messaging.group", "cellchat-messaging");
        keys.put("messaging.route-ttl", "15s");
        keys.put("messaging.reconnect-hint-wait", "5s");
        keys.put("messaging.drain-timeout", "10s");
        // Observability (docs/operations/observability.md).
        keys.put("tracing.exporter", "none");
        keys.put("tracing.endpoint", "");
        keys.put("tracing.sample-ratio", "1");
        keys.put("admin.token", "");
        keys.put("sentry.dsn", "");
        keys.put("health.timeout", "2s");
        return Map.copyOf(keys);
    }

    /** A key whose value is text of a given form; {@code expected} names the form in messages. */
    private record Format(Pattern pattern, String expected) {
        static Format of(String regex, String expected) {
            return new Format(Pattern.compile(regex), expected);
        }
    }

    private static final String HOST = "[A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\\[[0-9A-Fa-f:.]+\\]";
    private static final String HTTP_URL = "https?://(" + HOST + "):[0-9]{1,5}";

    private static final String NAME = "[A-Za-z0-9._-]{1,100}";

    /** Text keys and their forms; every other key is an integer or a duration, as its default shows. */
    private static final Map<String, Format> TEXTS = Map.ofEntries(
            Map.entry("history.url", Format.of(HTTP_URL, "http://host:port or https://host:port")),
            Map.entry("sequencer.application-id", Format.of(NAME, "1 to 100 of letters, digits, '.', '_', '-'")),
            Map.entry("sequencer.state-dir", Format.of("[^\\r\\n\\x00]{1,4096}", "a folder path")),
            Map.entry("materializer.group", Format.of(NAME, "1 to 100 of letters, digits, '.', '_', '-'")),
            Map.entry("messaging.group", Format.of(NAME, "1 to 100 of letters, digits, '.', '_', '-'")),
            Map.entry("messaging.address", Format.of("(" + HTTP_URL + ")?",
                    "empty (http://server.host:server.port) or http://host:port or https://host:port")),
            Map.entry("cassandra.contact-points", Format.of("(" + HOST + "):[0-9]{1,5}(,(" + HOST + "):[0-9]{1,5})*",
                    "host:port[,host:port...]")),
            Map.entry("cassandra.local-datacenter", Format.of("[A-Za-z0-9._-]{1,64}", "a datacenter name")),
            Map.entry("cassandra.keyspace", Format.of("[a-z][a-z0-9_]{0,47}",
                    "a CQL identifier: a lower-case letter, then up to 47 of a-z, 0-9, '_'")),
            Map.entry("cassandra.replication", Format.of("[A-Za-z0-9._-]{1,64}=[1-9][0-9]?(,[A-Za-z0-9._-]{1,64}=[1-9][0-9]?)*",
                    "dc=factor[,dc=factor...] with factors 1..99")),
            Map.entry("server.host", Format.of(HOST, "a host name or IP address")),
            Map.entry("postgres.url", Format.of("jdbc:postgresql://\\S+", "jdbc:postgresql://host:port/database")),
            Map.entry("postgres.user", Format.of("\\S{1,63}", "a role name")),
            Map.entry("postgres.password", Format.of("[^\\r\\n]*", "one line")),
            Map.entry("redis.uri", Format.of("rediss?://\\S+", "redis://host:port/db or rediss://...")),
            Map.entry("redis.key-prefix", Format.of("[A-Za-z0-9:._-]{0,64}",
                    "at most 64 of letters, digits, ':', '.', '_', '-'")),
            Map.entry("kafka.bootstrap-servers", Format.of("(" + HOST + "):[0-9]{1,5}(,(" + HOST + "):[0-9]{1,5})*",
                    "host:port[,host:port...]")),
            Map.entry("kafka.topics.prefix", Format.of("[A-Za-z0-9._-]{0,100}",
                    "at most 100 of letters, digits, '.', '_', '-'")),
            Map.entry("users.url", Format.of(HTTP_URL, "http://host:port or https://host:port")),
            Map.entry("tracing.exporter", Format.of("none|otlp|zipkin", "none, otlp or zipkin")),
            Map.entry("tracing.endpoint", Format.of("|https?://[^\\s/]+(/\\S*)?",
                    "empty for the exporter's default, or an http(s) URL")),
            Map.entry("tracing.sample-ratio", Format.of("0|1|0?\\.[0-9]{1,6}|1\\.0{1,6}",
                    "a decimal from 0 to 1, such as 0.01")),
            Map.entry("admin.token", Format.of("|[\\x21-\\x7e]{16,256}",
                    "empty, or 16 to 256 printable ASCII characters without spaces")),
            Map.entry("sentry.dsn", Format.of("|https?://\\S+", "empty, or the project's DSN (https://key@host/project)")));

    /** Integer keys whose range is not the usual {@code >= 1}: {min, max}. */
    private static final Map<String, long[]> RANGES = Map.of(
            "server.port", new long[] {0, 65_535},
            "server.event-loops", new long[] {0, 256},
            "kafka.topics.replication-factor", new long[] {1, Short.MAX_VALUE},
            "cell.id", new long[] {0, 15},
            "sequencer.standby-replicas", new long[] {0, 10},
            "store.writer-nice", new long[] {-20, 0});

    /** Duration keys that may be zero. */
    private static final Set<String> ZERO_DURATIONS = Set.of("messaging.reconnect-hint-wait", "store.commit-linger");

    /** Keys whose value is never printed. */
    static final Set<String> SECRETS = Set.of("postgres.password", "admin.token", "sentry.dsn");

    /** Environment variables of the launcher and the tools, not configuration keys. */
    private static final Set<String> NOT_KEYS = Set.of("CELLCHAT_JAVA_OPTS", "CELLCHAT_LOG_FORMAT", "CELLCHAT_JDK",
            "CELLCHAT_JDK17_HOME", "CELLCHAT_BENCH_JAVA_OPTS");

    /** Keys whose value is one of a few words. */
    static final Map<String, List<String>> CHOICES = Map.of("history.store", List.of("rocksdb", "sqlite"));

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final Map<String, String> values;
    private final Map<String, String> sources;

    private Config(Map<String, String> values, Map<String, String> sources) {
        this.values = Map.copyOf(values);
        this.sources = Map.copyOf(sources);
    }

    /** Defaults, then the file, then {@code --set}; the environment is not read ({@code cellchat dev}, tests). */
    static Config load(@Nullable Path file, List<String> overrides) {
        return load(file, overrides, Map.of());
    }

    /**
     * Defaults, then the file, then the {@code CELLCHAT_*} variables of {@code environment}, then {@code --set}. A
     * {@code CELLCHAT_*} variable that names no key (other than the launcher's own) fails like an unknown key.
     */
    static Config load(@Nullable Path file, List<String> overrides, Map<String, String> environment) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        Map<String, String> sources = new TreeMap<>();
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("--config " + file + ": cannot read it", e);
            }
            properties.stringPropertyNames().forEach(key -> put(values, sources, key, properties.getProperty(key),
                    file.toString()));
        }
        Map<String, String> byVariable = new TreeMap<>();
        DEFAULTS.keySet().forEach(key -> byVariable.put(environmentVariable(key), key));
        new TreeMap<>(environment).forEach((variable, value) -> {
            if (!variable.startsWith("CELLCHAT_") || NOT_KEYS.contains(variable)) {
                return;
            }
            String key = byVariable.get(variable);
            if (key == null) {
                throw new IllegalArgumentException("environment: unknown variable " + variable
                        + " (expected one of: " + byVariable.keySet() + ", or a launcher variable " + NOT_KEYS + ")");
            }
            put(values, sources, key, value, "environment " + variable);
        });
        for (String override : overrides) {
            int equals = override.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("--set " + override + " (expected: key=value)");
            }
            put(values, sources, override.substring(0, equals).strip(), override.substring(equals + 1).strip(),
                    "--set");
        }
        Config config = new Config(values, sources);
        config.validate();
        return config;
    }

    /** The environment variable of a key: {@code kafka.bootstrap-servers} is {@code CELLCHAT_KAFKA_BOOTSTRAP_SERVERS}. */
    static String environmentVariable(String key) {
        return "CELLCHAT_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Every value parses and is in range; related keys agree. Messages name the keys. */
    private void validate() {
        for (String key : DEFAULTS.keySet()) {
            if (TEXTS.containsKey(key)) {
                text(key);
            } else if (CHOICES.containsKey(key)) {
                choice(key);
            } else if (DURATION.matcher(DEFAULTS.get(key)).matches()) {
                if (duration(key).isZero() && !ZERO_DURATIONS.contains(key)) {
                    throw new IllegalArgumentException(key + ": '" + values.get(key) + "' (expected: > 0)");
                }
            } else {
                long[] range = RANGES.getOrDefault(key, new long[] {1, Integer.MAX_VALUE});
                int value = integer(key);
                if (value < range[0] || value > range[1]) {
                    throw new IllegalArgumentException(key + ": '" + values.get(key) + "' (expected: "
                            + (range[1] == Integer.MAX_VALUE ? ">= " + range[0] : range[0] + ".." + range[1]) + ")");
                }
            }
        }
        if (duration("ids.max-clock-step-back").compareTo(duration("ids.reserve")) < 0) {
            throw new IllegalArgumentException("ids.max-clock-step-back: '" + values.get("ids.max-clock-step-back")
                    + "' (expected: >= ids.reserve, '" + values.get("ids.reserve") + "')");
        }
        if (duration("connection.idle-timeout").compareTo(duration("connection.heartbeat-interval").multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("connection.idle-timeout: '" + values.get("connection.idle-timeout")
                    + "' (expected: >= 2 x connection.heartbeat-interval, '"
                    + values.get("connection.heartbeat-interval") + "')");
        }
        if (integer("kafka.topics.min-insync-replicas") > integer("kafka.topics.replication-factor")) {
            throw new IllegalArgumentException("kafka.topics.min-insync-replicas: '"
                    + values.get("kafka.topics.min-insync-replicas") + "' (expected: <= kafka.topics.replication-factor, '"
                    + values.get("kafka.topics.replication-factor") + "')");
        }
        if (duration("sequencer.session-timeout").toMillis() < 1000) {
            throw new IllegalArgumentException("sequencer.session-timeout: '" + values.get("sequencer.session-timeout")
                    + "' (expected: >= 1s)");
        }
        if (duration("ids.lease-margin").compareTo(duration("ids.lease-ttl")) >= 0) {
            throw new IllegalArgumentException("ids.lease-margin: '" + values.get("ids.lease-margin")
                    + "' (expected: < ids.lease-ttl, '" + values.get("ids.lease-ttl") + "')");
        }
    }

    private static void put(Map<String, String> values, Map<String, String> sources, String key, String value,
            String source) {
        if (!DEFAULTS.containsKey(key)) {
            throw new IllegalArgumentException(source + ": unknown key '" + key + "' (expected one of: "
                    + new TreeSet<>(DEFAULTS.keySet()) + ")");
        }
        values.put(key, value);
        sources.put(key, source);
    }

    /** The value of a key that takes one of a few words. */
    String choice(String key) {
        String value = requireNonNull(values.get(key), () -> "no value for " + key);
        var choices = requireNonNull(CHOICES.get(key), () -> key + " is not a choice key");
        if (!choices.contains(value)) {
            throw new IllegalArgumentException(key + ": '" + value + "' (expected one of: " + choices + ")");
        }
        return value;
    }

    int integer(String key) {
        String value = values.get(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": '" + value + "' (expected: an integer)");
        }
    }

    /** The value of a text key, checked against its documented form (a secret's value is not repeated). */
    String text(String key) {
        Format format = TEXTS.get(key);
        if (format == null) {
            throw new IllegalArgumentException(key + ": not a text key");
        }
        String value = java.util.Objects.requireNonNull(values.get(key), "every text key has a default");
        if (!format.pattern().matcher(value).matches()) {
            throw new IllegalArgumentException(key + ": '" + (SECRETS.contains(key) ? "****" : value)
                    + "' (expected: " + format.expected() + ")");
        }
        return value;
    }

    Duration duration(String key) {
        String value = values.get(key);
        Matcher matcher = DURATION.matcher(value);
        if (!matcher.matches()) {
            throw new IllegalArgumentException(key + ": '" + value + "' (expected: a number and ms, s, m, h or d)");
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
    }

    /** The value of a URL key. */
    URI uri(String key) {
        return URI.create(text(key));
    }

    /** Every key, its value (secrets as {@code ****}) and where it came from, for the start-up log. */
    String describe() {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(values).forEach((key, value) -> text.append("\n  ").append(key).append(" = ")
                .append(SECRETS.contains(key) && !value.isEmpty() ? "****" : value)
                .append(sources.containsKey(key) ? "  (" + sources.get(key) + ")" : ""));
        return text.toString();
    }
}
