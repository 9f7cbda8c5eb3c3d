package io.cellchat.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where benchmark figures go: {@code docs/benchmarks/<name>.json} (and plots beside it), each with the machine and
 * the time it was measured, so docs/benchmarks.md can cite the file a figure comes from.
 */
public final class Results {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Results() {}

    /** The output folder: {@code -Dcellchat.bench.out}, else {@code docs/benchmarks} under the project root. */
    public static Path folder() {
        String configured = System.getProperty("cellchat.bench.out");
        Path folder = configured != null ? Path.of(configured)
                : Path.of(System.getProperty("cellchat.root", "."), "docs", "benchmarks");
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
    }

    /** Writes {@code figures} with the machine description to {@code <folder>/<name>.json}; returns the file. */
    public static Path write(String name, Object figures) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("benchmark", name);
        document.put("measuredAt", Instant.now().toString());
        document.put("machine", machine());
        document.put("figures", figures);
        Path file = folder().resolve(name + ".json");
        try {
            JSON.writeValue(file.toFile(), document);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        System.out.println("wrote " + file);
        return file;
    }

    /** Reads back {@code <folder>/<name>.json} as written by {@link #write}. */
    public static JsonNode read(String name) {
        Path file = folder().resolve(name + ".json");
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Converts part of a document read by {@link #read} to a type. */
    public static <T> T convert(JsonNode node, Class<T> type) {
        return JSON.convertValue(node, type);
    }

    public static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cpus", Runtime.getRuntime().availableProcessors());
        machine.put("memoryBytes", ((com.sun.management.OperatingSystemMXBean)
                ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return machine;
    }
}
