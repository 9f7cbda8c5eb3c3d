package io.cellchat.testing.engines;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Resolves namespace parameters for {@link EngineTest} classes. A namespace is made once per test class and cached in
 * the class's extension store, so every method of a class sees the same one and no two classes share one.
 */
public final class EngineExtension implements ParameterResolver {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(EngineExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KafkaNamespace.class || type == CassandraNamespace.class
                || type == PostgresNamespace.class || type == RedisNamespace.class
                || type == ZipkinServer.class || type == PrometheusServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        ExtensionContext classContext = classContext(context);
        String name = namespaceName(classContext);
        return classContext.getStore(STORE).getOrComputeIfAbsent(type, t -> create(type, name), Object.class);
    }

    private static Object create(Class<?> type, String name) {
        if (type == KafkaNamespace.class) {
            return new KafkaNamespace(Engines.value(Engines.get().kafka(), "bootstrap"), name + ".");
        }
        if (type == CassandraNamespace.class) {
            return createKeyspace(Engines.get().cassandra(), name);
        }
        if (type == PostgresNamespace.class) {
            return createDatabase(Engines.get().postgres(), name);
        }
        if (type == RedisNamespace.class) {
            return RedisDatabases.allocate(Engines.get().redis());
        }
        if (type == ZipkinServer.class) {
            return zipkin();
        }
        if (type == PrometheusServer.class) {
            Map<String, String> endpoint = Engines.get().prometheus();
            return new PrometheusServer(Engines.value(endpoint, "host"),
                    Integer.parseInt(Engines.value(endpoint, "port")), java.nio.file.Path.of(
                    Engines.value(endpoint, "targets")));
        }
        throw new ParameterResolutionException("unsupported namespace type " + type);
    }

    static ZipkinServer zipkin() {
        Map<String, String> endpoint = Engines.get().zipkin();
        return new ZipkinServer(Engines.value(endpoint, "host"), Integer.parseInt(Engines.value(endpoint, "port")));
    }

    private static CassandraNamespace createKeyspace(Map<String, String> endpoint, String name) {
        InetSocketAddress contact = new InetSocketAddress(Engines.value(endpoint, "host"),
                Integer.parseInt(Engines.value(endpoint, "port")));
        CassandraNamespace namespace = new CassandraNamespace(contact, Engines.value(endpoint, "datacenter"), name);
        CassandraKeyspaces.create(namespace);
        return namespace;
    }

    private static PostgresNamespace createDatabase(Map<String, String> endpoint, String name) {
        String server = "jdbc:postgresql://" + Engines.value(endpoint, "host") + ":" + Engines.value(endpoint, "port")
                + "/";
        String user = Engines.value(endpoint, "user");
        try (Connection connection = DriverManager.getConnection(server + "postgres", user, "");
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE \"" + name + "\"");
        } catch (SQLException e) {
            throw new ParameterResolutionException("cannot create database " + name + ": " + e.getMessage(), e);
        }
        return new PostgresNamespace(server + name, user, name);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext current = context;
        while (current.getTestMethod().isPresent() && current.getParent().isPresent()) {
            current = current.getParent().get();
        }
        return current;
    }

    /** A name valid as a keyspace, database and topic prefix: lower-case class name plus a random suffix. */
    private static String namespaceName(ExtensionContext classContext) {
        String simple = classContext.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]", "_");
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24), 36);
        String name = "t_" + simple;
        return (name.length() > 40 ? name.substring(0, 40) : name) + "_" + suffix;
    }
}
