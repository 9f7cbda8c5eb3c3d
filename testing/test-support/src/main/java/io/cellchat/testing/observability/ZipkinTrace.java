package io.cellchat.testing.observability;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reading a trace as Zipkin's API returns it (a JSON array of spans, names lower-cased by Zipkin): find spans by
 * name or ID, and print the whole trace as text, one line per span by start time, for a test's output and the docs.
 */
public final class ZipkinTrace {

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
}
