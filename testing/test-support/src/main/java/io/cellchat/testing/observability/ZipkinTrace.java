package io.cellchat.testing.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cellchat.testing.engines.ZipkinServer;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;

/**
 * Reading a trace as Zipkin's API returns it (a JSON array of spans, names lower-cased by Zipkin), for the tracing
 * tests of {@code cellchat dev} and of a cell: wait until the processes' exporters have sent it, find spans by name
 * or ID, check the baggage a message's spans carry, and print the whole trace as text (by start time, or as a tree
 * with the process of each span) for a test's output and the docs.
 */
public final class ZipkinTrace {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ZipkinTrace() {}

    /** The span names of the trace. */
    public static Set<String> names(JsonNode spans) {
        Set<String> names = new TreeSet<>();
        spans.forEach(span -> names.add(span.path("name").asText()));
        return names;
    }

    /** The first span named {@code name}; fails the test when there is none. */
    public static JsonNode span(JsonNode trace, String name) {
        for (JsonNode span : trace) {
            if (span.path("name").asText().equals(name)) {
                return span;
            }
        }
        throw new AssertionError("no span " + name + " in " + trace);
    }

    /** Whether the trace holds the span with this ID. */
    public static boolean hasId(JsonNode trace, String id) {
        for (JsonNode span : trace) {
            if (span.path("id").asText().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /** The span with this ID; fails the test when there is none. */
    public static JsonNode byId(JsonNode trace, String id) {
        for (JsonNode span : trace) {
            if (span.path("id").asText().equals(id)) {
                return span;
            }
        }
        throw new AssertionError("no span " + id + " in " + trace);
    }

    /** The service that recorded the span. */
    public static String service(JsonNode span) {
        return span.path("localEndpoint").path("serviceName").asText();
    }

    /** The trace as text: one line per span, by start time, with its service, kind, timing and parent. */
    public static String describe(JsonNode trace) {
        List<JsonNode> spans = new ArrayList<>();
        trace.forEach(spans::add);
        spans.sort(Comparator.comparingLong(s -> s.path("timestamp").asLong()));
        long start = spans.getFirst().path("timestamp").asLong();
        StringBuilder text = new StringBuilder();
        for (JsonNode span : spans) {
            text.append(String.format("  +%7.2f ms %8.2f ms  %-19s %-8s %-28s id %s parent %s%n",
                    (span.path("timestamp").asLong() - start) / 1000.0, span.path("duration").asLong() / 1000.0,
                    service(span), span.path("kind").asText("INTERNAL"), span.path("name").asText(),
                    span.path("id").asText(), span.path("parentId").asText("-")));
        }
        return text.toString();
    }

    /** The process that recorded the span: its {@code service.instance.id} tag ({@code <role>-<pid>}). */
    public static String process(JsonNode span) {
        return span.path("tags").path("service.instance.id").asText(service(span));
    }

    /**
     * The trace as a tree, for a test's output and the docs: each span under its parent (children by start time),
     * with the process that recorded it ({@code processNames} gives a name for a {@code service.instance.id}; else
     * the tag itself), its kind, its start from the trace's first span and its duration. A span whose parent is not
     * in the trace (the client's span) is a root.
     */
    public static String tree(JsonNode trace, Map<String, String> processNames) {
        Map<String, List<JsonNode>> children = new HashMap<>();
        Set<String> ids = new HashSet<>();
        List<JsonNode> spans = new ArrayList<>();
        trace.forEach(spans::add);
        spans.sort(Comparator.comparingLong(s -> s.path("timestamp").asLong()));
        spans.forEach(span -> ids.add(span.path("id").asText()));
        List<JsonNode> roots = new ArrayList<>();
        for (JsonNode span : spans) {
            String parent = span.path("parentId").asText();
            if (ids.contains(parent)) {
                children.computeIfAbsent(parent, p -> new ArrayList<>()).add(span);
            } else {
                roots.add(span);
            }
        }
        StringBuilder text = new StringBuilder(String.format("  %12s %12s  %-24s %-8s %s%n", "start", "duration",
                "process", "kind", "span"));
        long start = spans.getFirst().path("timestamp").asLong();
        roots.forEach(root -> appendTree(text, root, 0, start, children, processNames));
        return text.toString();
    }

    private static void appendTree(StringBuilder text, JsonNode span, int depth, long start,
            Map<String, List<JsonNode>> children, Map<String, String> processNames) {
        String process = process(span);
        text.append(String.format("  +%8.2f ms %9.2f ms  %-24s %-8s %s%s%n",
                (span.path("timestamp").asLong() - start) / 1000.0, span.path("duration").asLong() / 1000.0,
                processNames.getOrDefault(process, process), span.path("kind").asText("INTERNAL"),
                " ".repeat(2 * depth), span.path("name").asText()));
        for (JsonNode child : children.getOrDefault(span.path("id").asText(), List.of())) {
            appendTree(text, child, depth + 1, start, children, processNames);
        }
    }

    /** A random W3C ID of {@code bytes} bytes in hex (16 for a trace, 8 for a span). */
    public static String randomId(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    /**
     * The trace once Zipkin holds the span {@code spanId} and spans of every name in {@code names} (the exporters
     * send in batches, each process on its own schedule); fails after {@code within}.
     */
    public static JsonNode await(ZipkinServer zipkin, String traceId, String spanId, Set<String> names,
            Duration within) {
        return Awaitility.await().atMost(within).pollInterval(Duration.ofMillis(500))
                .until(() -> read(zipkin, traceId), spans -> spans != null && hasId(spans, spanId)
                        && names(spans).containsAll(names));
    }

    private static @Nullable JsonNode read(ZipkinServer zipkin, String traceId) throws IOException {
        String trace = zipkin.trace(traceId);
        return trace == null ? null : JSON.readTree(trace);
    }

    /**
     * Asserts the baggage a message's spans carry as attributes: the sender's user and device, the conversation
     * (set by the messaging server from the authenticated connection) and the client's own entry.
     */
    public static void assertBaggage(JsonNode span, long userId, long deviceId, String conversation,
            String clientKey, String clientValue) {
        JsonNode tags = span.path("tags");
        String name = span.path("name").asText();
        assertThat(tags.path("baggage.cellchat.user_id").asText()).as("user in the baggage of %s", name)
                .isEqualTo(Long.toString(userId));
        assertThat(tags.path("baggage.cellchat.device_id").asText()).as("device in the baggage of %s", name)
                .isEqualTo(Long.toString(deviceId));
        assertThat(tags.path("baggage.cellchat.conversation_id").asText()).as("conversation in the baggage of %s",
                name).isEqualTo(conversation);
        assertThat(tags.path("baggage." + clientKey).asText()).as("the client's entry in the baggage of %s", name)
                .isEqualTo(clientValue);
    }
}
