package io.cellchat.testing.engines;

import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The engine fixtures for code that is not a JUnit test, such as the benchmarks in {@code tools/bench}. The calling
 * JVM owns the run (unless it is a Surefire fork), so the engines it starts are stopped when it exits; call
 * {@link #stopOwned()} to stop them earlier.
 */
public final class EngineLauncher {

    private EngineLauncher() {}

    /** Starts the run's Kafka broker if needed; returns its {@code host:port}. */
    public static String kafkaBootstrap() {
        return Engines.value(Engines.get().kafka(), "bootstrap");
    }

    /** Starts the run's Cassandra node if needed; returns its CQL contact point. */
    public static InetSocketAddress cassandraContactPoint() {
        Map<String, String> cassandra = Engines.get().cassandra();
        return new InetSocketAddress(Engines.value(cassandra, "host"),
                Integer.parseInt(Engines.value(cassandra, "port")));
    }

    /** Starts the run's Cassandra node if needed; returns its local datacenter name. */
    public static String cassandraDatacenter() {
        return Engines.value(Engines.get().cassandra(), "datacenter");
    }

    /** Starts the run's Zipkin server if needed (tracing benchmarks). */
    public static ZipkinServer zipkin() {
        return EngineExtension.zipkin();
    }

    /** Stops the engines this JVM started, if it owns the run. */
    public static void stopOwned() {
        Engines.get().stopOwned();
    }
}
