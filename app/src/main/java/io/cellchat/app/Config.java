package io.cellchat.app;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The configuration of a process: documented keys with defaults (docs/configuration.md), overridden by a
 * properties file ({@code --config}) and then by {@code --set key=value}. Frozen once read. An unknown key or a
 * bad value fails start-up with a message naming the key and the value; nothing is clamped silently.
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
        keys.put("auth.argon2.memory-kib", "19456");
        keys.put("auth.argon2.iterations", "2");
        keys.put("sqlite.readers", "4");
        keys.put("sqlite.max-batch", "256");
        keys.put("sqlite.max-queued", "10000");
        keys.put("history.store", "rocksdb");
        keys.put("store.max-batch", "1024");
        keys.put("store.max-queued", "20000");
        keys.put("store.block-cache-mib", "128");
        keys.put("store.write-buffer-mib", "128");
        keys.put("store.conversation-cache", "200000");
        keys.put("ids.max-clock-step-back", "2s");
        keys.put("ids.reserve", "1s");
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

    /** Text keys and their forms; every other key is an integer or a duration, as its default shows. */
    private static final Map<String, Format> TEXTS = Map.of(
            "tracing.exporter", Format.of("none|otlp|zipkin", "none, otlp or zipkin"),
            "tracing.endpoint", Format.of("|https?://[^\\s/]+(/\\S*)?", "empty for the exporter's default, or an http(s) URL"),
            "tracing.sample-ratio", Format.of("0|1|0?\\.[0-9]{1,6}|1\\.0{1,6}", "a decimal from 0 to 1, such as 0.01"),
            "admin.token", Format.of("|[\\x21-\\x7e]{16,256}", "empty, or 16 to 256 printable ASCII characters without spaces"),
            "sentry.dsn", Format.of("|https?://\\S+", "empty, or the project's DSN (https://key@host/project)"));

    /** Keys whose value is never printed. */
    static final Set<String> SECRETS = Set.of("admin.token", "sentry.dsn");

    /** Keys whose value is one of a few words. */
    static final Map<String, List<String>> CHOICES = Map.of("history.store", List.of("rocksdb", "sqlite"));

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

    private final Map<String, String> values;

    private Config(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    static Config load(@Nullable Path file, List<String> overrides) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("--config " + file + ": cannot read it", e);
            }
            properties.stringPropertyNames().forEach(key -> put(values, key, properties.getProperty(key), file.toString()));
        }
        for (String override : overrides) {
            int equals = override.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("--set " + override + " (expected: key=value)");
            }
            put(values, override.substring(0, equals).strip(), override.substring(equals + 1).strip(), "--set");
        }
        Config config = new Config(values);
        config.validate();
        return config;
    }

    /** Every value parses and is positive; related keys agree. Messages name the keys. */
    private void validate() {
        for (String key : DEFAULTS.keySet()) {
            if (TEXTS.containsKey(key)) {
                text(key);
            } else if (CHOICES.containsKey(key)) {
                choice(key);
            } else if (DURATION.matcher(DEFAULTS.get(key)).matches()) {
                if (duration(key).isZero()) {
                    throw new IllegalArgumentException(key + ": '" + values.get(key) + "' (expected: > 0)");
                }
            } else if (integer(key) < 1) {
                throw new IllegalArgumentException(key + ": '" + values.get(key) + "' (expected: >= 1)");
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
    }

    private static void put(Map<String, String> values, String key, String value, String source) {
        if (!DEFAULTS.containsKey(key)) {
            throw new IllegalArgumentException(source + ": unknown key '" + key + "' (expected one of: "
                    + new TreeSet<>(DEFAULTS.keySet()) + ")");
        }
        values.put(key, value);
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
}
