package io.cellchat.testing.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.servererrors.InvalidQueryException;
import io.cellchat.platform.cassandra.CassandraHealth;
import io.cellchat.platform.cassandra.CassandraSessions;
import io.cellchat.platform.cassandra.CassandraTracing;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.observability.Metrics;
import io.cellchat.platform.observability.tracing.Tracing;
import io.cellchat.platform.observability.tracing.TracingSettings;
import io.cellchat.testing.engines.CassandraNamespace;
import io.cellchat.testing.engines.EngineTest;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The Cassandra driver as a cell's materializer uses it, against a real node: its meters reach the Prometheus
 * registry under bounded names, its readiness check passes, and a write made under a message's span gets a client
 * span of its own in that trace, with the query's text but never its values; a failed request's span says so.
 */
@EngineTest
class CassandraObservabilityIT {

    @Test
    void should_export_driver_meters_pass_its_readiness_check_and_trace_a_write(CassandraNamespace cassandra)
            throws Exception {
        PrometheusMeterRegistry registry = Metrics.newRegistry("test");
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        try (Tracing tracing = Tracing.start(new TracingSettings(TracingSettings.Exporter.ZIPKIN, null, 1,
                        "cellchat-test", "t-1"), spans);
                CqlSession session = CassandraSessions.open(cassandra.settings(), registry)) {
            session.execute(SimpleStatement.newInstance("CREATE TABLE messages (conversation text, seq bigint,"
                    + " body text, PRIMARY KEY ((conversation), seq))").setTimeout(Duration.ofSeconds(30)));
            PreparedStatement insert = session.prepare("INSERT INTO messages (conversation, seq, body) VALUES (?, ?, ?)");
            CassandraTracing traced = new CassandraTracing(tracing);

            Span message = tracing.tracer().spanBuilder("materialize").startSpan();
            try (Scope scope = message.makeCurrent()) {
                traced.executeAsync(session, insert.bind("d:1:2", 1L, "the secret body"), "INSERT messages")
                        .toCompletableFuture().get(30, TimeUnit.SECONDS);
                assertThatThrownBy(() -> traced.executeAsync(session,
                                SimpleStatement.newInstance("SELECT * FROM no_such_table"), "SELECT missing")
                        .toCompletableFuture().get(30, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(InvalidQueryException.class);
            } finally {
                message.end();
            }
            tracing.flush();

            SpanData failed = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getName().equals("SELECT missing")).findFirst().orElseThrow();
            assertThat(failed.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(failed.getEvents()).extracting(EventData::getName).contains("exception");
            assertThat(failed.getAttributes().get(AttributeKey.stringKey("db.query.text")))
                    .as("a simple statement's text may hold values: not recorded").isNull();

            SpanData write = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getName().equals("INSERT messages")).findFirst().orElseThrow();
            assertThat(write.getKind()).isEqualTo(SpanKind.CLIENT);
            assertThat(write.getTraceId()).isEqualTo(message.getSpanContext().getTraceId());
            assertThat(write.getParentSpanId()).isEqualTo(message.getSpanContext().getSpanId());
            assertThat(write.getAttributes().get(AttributeKey.stringKey("db.system.name"))).isEqualTo("cassandra");
            assertThat(write.getAttributes().get(AttributeKey.stringKey("db.namespace"))).isEqualTo(cassandra.keyspace());
            assertThat(write.getAttributes().get(AttributeKey.stringKey("db.query.text")))
                    .isEqualTo("INSERT INTO messages (conversation, seq, body) VALUES (?, ?, ?)");
            assertThat(write.getAttributes().get(AttributeKey.stringKey("server.address"))).contains(":");
            assertThat(write.getAttributes().toString()).doesNotContain("the secret body");

            HealthCheck check = CassandraHealth.check(session, Duration.ofSeconds(5));
            assertThat(check.name()).isEqualTo("cassandra");
            assertThat(check.probe().getAsBoolean()).isTrue();

            String scrape = registry.scrape();
            assertThat(scrape).contains("cassandra_session_cql_requests_seconds_bucket{")
                    .contains("cassandra_session_connected_nodes{")
                    .contains("cassandra_nodes_pool_open_connections{")
                    .contains("cassandra_nodes_errors_request_write_timeouts_total{");
            List<String> nodeLabels = scrape.lines().filter(line -> line.startsWith("cassandra_nodes_pool_open_connections{"))
                    .toList();
            assertThat(nodeLabels).allSatisfy(line -> assertThat(line).contains("node=\"").contains("role=\"test\""));
        }
    }

    @Test
    void should_send_without_a_span_when_tracing_is_off(CassandraNamespace cassandra) throws Exception {
        try (Tracing off = Tracing.start(new TracingSettings(TracingSettings.Exporter.NONE, null, 1,
                        "cellchat-test", "t-1"));
                CqlSession session = CassandraSessions.open(cassandra.settings())) {
            assertThat(new CassandraTracing(off)
                    .executeAsync(session, SimpleStatement.newInstance("SELECT release_version FROM system.local"),
                            "SELECT local")
                    .toCompletableFuture().get(30, TimeUnit.SECONDS).one()).isNotNull();
        }
    }
}
