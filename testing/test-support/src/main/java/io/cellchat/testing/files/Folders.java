package io.cellchat.testing.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Throwaway folders of tests and benchmarks. */
public final class Folders {

    private static final Logger log = LoggerFactory.getLogger(Folders.class);

    private Folders() {}

    /**
     * Deletes a folder and everything under it; a missing folder is fine. What cannot be deleted is logged and left
     * (a leftover under the temp folder is harmless; failing the run over it is not).
     */
    public static void delete(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
            for (Path file : all) {
                Files.deleteIfExists(file);
            }
        } catch (IOException | UncheckedIOException e) {
            log.warn("could not delete {}: {}", root, e.toString());
        }
    }
}
