package io.cellchat.platform.cassandra;

import static java.util.Objects.requireNonNull;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.metadata.Node;
import io.cellchat.platform.observability.tracing.Tracing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import java.util.concurrent.CompletionStage;

/**
 * Client spans for Cassandra requests, so that a message's trace shows its history writes: a span named after the
 * operation (for example {@code "INSERT messages"}), kind CLIENT, child of the context current when the request is
 * sent, ended when the answer (or the error) arrives, with {@code db.system.name=cassandra},
 * {@code db.operation.name}, the keyspace, the prepared query's text (bound statements only: their text has
 * placeholders, never values such as a message body) and the coordinator that answered.
 *
 * <p>With tracing off it is a plain {@code executeAsync}: no span, no allocation beyond the driver's. Written here
 * rather than taken from OpenTelemetry's Cassandra instrumentation because that library is published as an alpha
 * tied to other SDK releases than the one Cellchat uses, and this is the whole of what a writer needs.
 *
 * <pre>{@code
 * CassandraTracing traced = new CassandraTracing(tracing);
 * traced.executeAsync(session, insertMessage.bind(...), "INSERT messages").thenAccept(...);
 * }</pre>
 */
public final class CassandraTracing {

    private final Tracing tracing;

    public CassandraTracing(Tracing tracing) {
        this.tracing = requireNonNull(tracing, "tracing");
    }

    /** Sends {@code statement} and, when tracing is on, wraps the request in a span named {@code operation}. */
    public CompletionStage<AsyncResultSet> executeAsync(CqlSession session, Statement<?> statement, String operation) {
        if (!tracing.enabled()) {
            return session.executeAsync(statement);
        }
        Span span = tracing.tracer().spanBuilder(operation)
                .setSpanKind(SpanKind.CLIENT)
                .setParent(Context.current())
                .setAttribute("db.system.name", "cassandra")
                .setAttribute("db.operation.name", operation)
                .startSpan();
        if (span.isRecording()) {
            session.getKeyspace().ifPresent(keyspace -> span.setAttribute("db.namespace", keyspace.asInternal()));
            if (statement instanceof BoundStatement bound) {
                span.setAttribute("db.query.text", bound.getPreparedStatement().getQuery());
            }
        }
        CompletionStage<AsyncResultSet> answer;
        try {
            answer = session.executeAsync(statement);
        } catch (RuntimeException e) {
            failed(span, e);
            throw e;
        }
        return answer.whenComplete((result, error) -> {
            if (error != null) {
                failed(span, error);
                return;
            }
            Node coordinator = result.getExecutionInfo().getCoordinator();
            if (coordinator != null) {
                span.setAttribute("server.address", coordinator.getEndPoint().toString());
            }
            span.end();
        });
    }

    private static void failed(Span span, Throwable error) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, error.getClass().getSimpleName());
        span.end();
    }
}
