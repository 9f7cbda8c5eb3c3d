package io.cellchat.platform.observability.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Reads and changes log levels of the running process (Logback), for the admin endpoint
 * {@code /admin/loggers}. A change lasts until the process stops; the configuration file is not touched.
 */
public final class LogLevels {

    private static final Pattern NAME = Pattern.compile("ROOT|[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*");
    private static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    private final LoggerContext context;

    private LogLevels(LoggerContext context) {
        this.context = context;
    }

    /** The levels of this JVM's Logback. */
    public static LogLevels ofThisProcess() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            throw new IllegalStateException("logging is not Logback: " + factory.getClass().getName());
        }
        return new LogLevels(context);
    }

    /** Every logger with a level of its own (set in the configuration or at runtime), name to level. */
    public Map<String, String> configured() {
        Map<String, String> levels = new TreeMap<>();
        for (Logger logger : context.getLoggerList()) {
            Level level = logger.getLevel();
            if (level != null) {
                levels.put(logger.getName(), level.toString());
            }
        }
        return levels;
    }

    /** The level in force for a logger (its own or inherited). */
    public String effective(String name) {
        return logger(name).getEffectiveLevel().toString();
    }

    /**
     * Sets a logger's level; {@code null} clears it, so the logger inherits its parent's again.
     *
     * @throws IllegalArgumentException naming the logger or the level when either is not valid
     */
    public void set(String name, @Nullable String level) {
        Logger logger = logger(name);
        if (level == null) {
            if (logger.getName().equals(Logger.ROOT_LOGGER_NAME)) {
                throw new IllegalArgumentException("level of ROOT: null (expected: one of " + LEVELS + ")");
            }
            logger.setLevel(null);
            return;
        }
        String upper = level.toUpperCase(Locale.ROOT);
        if (!LEVELS.contains(upper)) {
            throw new IllegalArgumentException("level: '" + level + "' (expected: one of " + LEVELS + " or null)");
        }
        logger.setLevel(Level.toLevel(upper));
    }

    private Logger logger(String name) {
        if (name.length() > 200 || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("logger: '" + (name.length() > 80 ? name.substring(0, 80) + "..." : name)
                    + "' (expected: ROOT or a dotted Java name)");
        }
        return context.getLogger(name);
    }
}
