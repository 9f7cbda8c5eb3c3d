package io.cellchat.platform.sqlite;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the writer's prepared statements compiled. The SQLite driver compiles a statement on every
 * {@code prepareStatement}, which costs more than running it; the writer runs the same dozen statements for every
 * command, so this hands back a proxy of the connection whose {@code prepareStatement(String)} returns the cached
 * statement, and whose statements only clear their parameters on {@code close()}. Callers keep using
 * try-with-resources as with any connection. Single-threaded, like the writer.
 */
final class StatementCache {

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
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
