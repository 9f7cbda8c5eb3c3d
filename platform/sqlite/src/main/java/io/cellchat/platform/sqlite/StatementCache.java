package io.cellchat.platform.sqlite;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a connection's prepared statements compiled. The SQLite driver compiles a statement on every
 * {@code prepareStatement}, which costs more than running it; the writer runs the same dozen statements for every
 * command, and the readers the same few for every message (the authorization's tie lookup), so this hands back a
 * proxy of the connection whose {@code prepareStatement(String)} returns the cached statement, and whose statements
 * only clear their parameters on {@code close()}. Callers keep using try-with-resources as with any connection. At
 * most {@value #MAX_STATEMENTS} statements are kept per connection, least recently used first out, since some SQL
 * is built per call (lists of parameters of varying length). Used by one thread at a time: the writer, or the reader
 * that borrowed the pooled connection.
 */
final class StatementCache {

    static final int MAX_STATEMENTS = 64;

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= MAX_STATEMENTS) {
                return false;
            }
            try {
                eldest.getValue().close();
            } catch (SQLException e) {
                // a statement that cannot be closed is dropped all the same
            }
            return true;
        }
    };
    private final Connection proxy;

    StatementCache(Connection connection) {
        this.connection = connection;
        this.proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, this::onConnection);
    }

    /** The connection to hand to units of work. */
    Connection connection() {
        return proxy;
    }

    /** Whether the connection under the cache is closed (its statements with it). */
    boolean isClosed() {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    void close() throws SQLException {
        for (PreparedStatement statement : statements.values()) {
            statement.close();
        }
        statements.clear();
    }

    private @Nullable Object onConnection(Object self, Method method, Object @Nullable [] args) throws Throwable {
        if (method.getName().equals("prepareStatement") && args != null && args.length == 1) {
            String sql = (String) args[0];
            PreparedStatement cached = statements.get(sql);
            if (cached == null) {
                cached = connection.prepareStatement(sql);
                statements.put(sql, cached);
            }
            return reusable(cached);
        }
        if (method.getName().equals("close")) {
            return null;
        }
        return invoke(connection, method, args);
    }

    private static PreparedStatement reusable(PreparedStatement statement) {
        InvocationHandler handler = (self, method, args) -> {
            if (method.getName().equals("close")) {
                statement.clearParameters();
                return null;
            }
            return invoke(statement, method, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, handler);
    }

    private static @Nullable Object invoke(Object target, Method method, Object @Nullable [] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
