package io.cellchat.bench.load;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cellchat.testing.files.Folders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a preloaded data folder between benchmark runs, so that the two scenarios that measure
 * {@code cellchat-preloaded} (random targets, fixed contacts) fill a store of 10 million messages once, not once
 * each. Off unless {@code -Dcellchat.bench.preload-cache=<folder>} names where to keep it. An entry is the whole
 * stopped data folder (accounts, history, the ID generator's high-water mark) plus the registered users and the
 * preload's own figures, keyed by users, messages and conversations; it is copied, never shared, because the server
 * appends to its files. Delete the folder after a change to the store's format.
 */
final class PreloadCache {

    /** A preload restored from the cache: its users (with their tokens) and the figures of the original preload. */
    record Entry(List<Dialect.User> users, Preloader.Result result) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USERS = "users.json";
    private static final String RESULT = "preload.json";
    private static final String DATA = "data";

    private final Path root;

    private PreloadCache(Path root) {
        this.root = root;
    }

    /** The cache the system property names, or {@code null} when caching is off. */
    static @Nullable PreloadCache fromSystemProperty() {
        String folder = System.getProperty("cellchat.bench.preload-cache", "").strip();
        return folder.isEmpty() ? null : new PreloadCache(Path.of(folder));
    }

    /** Copies a cached preload into the empty folder {@code data}, or returns {@code null} when there is none. */
    @Nullable Entry restore(Targets.Preload key, Path data) throws IOException {
        Path entry = entry(key);
        if (!Files.isRegularFile(entry.resolve(RESULT))) {
            return null;
        }
        Progress.line("cellchat-preloaded: copying the preload cached in " + entry);
        copy(entry.resolve(DATA), data);
        return new Entry(JSON.readValue(entry.resolve(USERS).toFile(), new TypeReference<List<Dialect.User>>() { }),
                JSON.readValue(entry.resolve(RESULT).toFile(), Preloader.Result.class));
    }

    /** Keeps a copy of the stopped, preloaded folder {@code data}; the result file is written last, as the mark. */
    void save(Targets.Preload key, Path data, List<Dialect.User> users, Preloader.Result result) throws IOException {
        Path entry = entry(key);
        Folders.delete(entry);
        copy(data, entry.resolve(DATA));
        JSON.writeValue(entry.resolve(USERS).toFile(), users);
        JSON.writeValue(entry.resolve(RESULT).toFile(), result);
        Progress.line("cellchat-preloaded: preload kept in " + entry + " for the next run");
    }

    private Path entry(Targets.Preload key) {
        // "-runs-universal": saved after its compactions ran, with header rows that name their run, its
        // conversation headers and user indexes compacted the universal way (entries of earlier versions owe a
        // rewrite of all events, hold rows the writer checks on every miss, or hold those two tables in levels).
        return root.resolve("users-" + key.users() + "-messages-" + key.messages() + "-conversations-"
                + key.conversations() + "-runs-universal");
    }

    /** Copies a folder tree, leaving out the server's log. */
    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().equals("server.log")) {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
