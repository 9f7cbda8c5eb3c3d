package io.cellchat.testing.observability;

import static io.cellchat.testing.observability.ZipkinTrace.byId;
import static io.cellchat.testing.observability.ZipkinTrace.span;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Set;

/**
 * The spans of one message's path through a cell, in a trace read from Zipkin: the sender's server's {@code frame
 * send} and {@code append}, the sequencer's {@code sequence}, the history role's {@code materialize} and its
 * {@code insert events} Cassandra write, and the recipient's server's {@code deliver event}. {@link #of} checks that
 * each continues the one before across the Kafka hops (parent ID) and started no earlier (one machine, one clock),
 * which the cell's tracing tests assert whether its roles share a JVM or not.
 */
public record MessagePath(JsonNode frame, JsonNode append, JsonNode sequence, JsonNode materialize, JsonNode insert,
        JsonNode delivered) {

    /** The span names (as Zipkin lower-cases them) the trace holds once every process has exported its spans. */
    public static final Set<String> NAMES = Set.of("frame send", "append", "sequence", "materialize",
            "insert events", "deliver event");

    /**
     * Finds the path's spans and checks their order.
     *
     * @param clientSpan the span ID of the client's {@code traceparent}, the parent of {@code frame send}
     * @param pushSpan the span ID in the recipient's pushed frame: its server's {@code deliver event}
     */
    public static MessagePath of(JsonNode trace, String clientSpan, String pushSpan) {
        MessagePath path = new MessagePath(span(trace, "frame send"), span(trace, "append"), span(trace, "sequence"),
                span(trace, "materialize"), span(trace, "insert events"), byId(trace, pushSpan));
        assertThat(path.frame.path("parentId").asText()).as("the server continues the client's span")
                .isEqualTo(clientSpan);
        assertThat(path.delivered.path("name").asText()).isEqualTo("deliver event");
        assertThat(path.insert.path("kind").asText()).isEqualTo("CLIENT");
        continues(path.append, path.frame);
        continues(path.sequence, path.append);
        continues(path.materialize, path.sequence);
        continues(path.insert, path.materialize);
        continues(path.delivered, path.materialize);
        return path;
    }

    /** The spans in path order. */
    public List<JsonNode> spans() {
        return List.of(frame, append, sequence, materialize, insert, delivered);
    }

    /** Asserts the message's baggage on every span of the path ({@link ZipkinTrace#assertBaggage}). */
    public void assertBaggage(long userId, long deviceId, String conversation, String clientKey,
            String clientValue) {
        spans().forEach(span -> ZipkinTrace.assertBaggage(span, userId, deviceId, conversation, clientKey,
                clientValue));
    }

    private static void continues(JsonNode child, JsonNode parent) {
        assertThat(child.path("parentId").asText()).as("%s continues %s", child.path("name"), parent.path("name"))
                .isEqualTo(parent.path("id").asText());
        assertThat(child.path("timestamp").asLong()).as("%s starts after %s", child.path("name"), parent.path("name"))
                .isGreaterThanOrEqualTo(parent.path("timestamp").asLong());
    }
}
