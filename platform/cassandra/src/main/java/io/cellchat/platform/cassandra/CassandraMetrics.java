package io.cellchat.platform.cassandra;

import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.ProgrammaticDriverConfigLoaderBuilder;
import java.util.List;

/**
 * Which of the Cassandra driver's own meters a process exports, and under which names: the driver's Micrometer
 * binding ({@code java-driver-metrics-micrometer}) with tagged names, so that Prometheus sees
 * {@code cassandra_session_cql_requests_seconds} tagged {@code session} rather than one name per node and session.
 *
 * <p>Session meters (tag {@code session}, the driver's session name): requests and their latency as a histogram,
 * client-side timeouts, connected nodes, bytes in and out, the throttler. Node meters (tags {@code session} and
 * {@code node}, the node's address: bounded by the cluster's size, and dropped an hour after a node leaves): open
 * connections, requests in flight, each kind of request error (read and write timeouts, unavailable, others),
 * retries, connection failures. Names and units: docs/operations/metrics.md.
 */
final class CassandraMetrics {

    static final List<String> SESSION = List.of("cql-requests", "cql-client-timeouts", "connected-nodes",
            "bytes-sent", "bytes-received", "throttling.errors");
    static final List<String> NODE = List.of("pool.open-connections", "pool.in-flight", "errors.request.unsent",
            "errors.request.aborted", "errors.request.write-timeouts", "errors.request.read-timeouts",
            "errors.request.unavailables", "errors.request.others", "retries.total", "errors.connection.init",
            "errors.connection.auth");

    private CassandraMetrics() {}

    static void configure(ProgrammaticDriverConfigLoaderBuilder config) {
        config.withString(DefaultDriverOption.METRICS_FACTORY_CLASS,
                        "com.datastax.oss.driver.internal.metrics.micrometer.MicrometerMetricsFactory")
                .withString(DefaultDriverOption.METRICS_ID_GENERATOR_CLASS, "TaggingMetricIdGenerator")
                .withString(DefaultDriverOption.METRICS_ID_GENERATOR_PREFIX, "cassandra")
                .withBoolean(DefaultDriverOption.METRICS_GENERATE_AGGREGABLE_HISTOGRAMS, true)
                .withStringList(DefaultDriverOption.METRICS_SESSION_ENABLED, SESSION)
                .withStringList(DefaultDriverOption.METRICS_NODE_ENABLED, NODE);
    }
}
