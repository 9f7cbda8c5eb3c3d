package io.cellchat.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a local cell records under its state folder, so that {@code status} and {@code down} find it from any shell:
 * {@code keeper.pid} (the cell's owner: every process's watchdog stops it when the keeper is gone),
 * {@code processes.tsv} (one line per started process, appended as soon as it starts, so a crash of {@code up}
 * half-way still leaves a complete record), {@code cell.properties} (the roles' configuration) and one folder per
 * process with its {@code engine.log} and data.
 */
final class ClusterState {

    /**
     * One started process.
     *
     * @param kind {@code engine} or {@code role}
     * @param watchdog the PID to send SIGTERM to for a graceful stop
     * @param pid the process itself
     * @param port its port on 127.0.0.1 (a role's HTTP port, an engine's client port)
     */
    record Entry(String name, String kind, long watchdog, long pid, int port) {

        String line() {
            return String.join("\t", name, kind, Long.toString(watchdog), Long.toString(pid), Integer.toString(port));
        }

        static Entry parse(String line) {
            String[] fields = line.split("\t");
            if (fields.length != 5) {
                throw new IllegalArgumentException("processes.tsv: bad line '" + line + "' (expected 5 fields)");
            }
            return new Entry(fields[0], fields[1], Long.parseLong(fields[2]), Long.parseLong(fields[3]),
                    Integer.parseInt(fields[4]));
        }

        boolean isRole() {
            return kind.equals("role");
        }
    }

    private final Path folder;

    ClusterState(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    Path folderOf(String process) {
        Path path = folder.resolve(process);
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + path, e);
        }
        return path;
    }

    Path config() {
        return folder.resolve("cell.properties");
    }

    /** The keeper's PID, if a cell was started here. */
    Optional<Long> keeper() {
        Path file = folder.resolve("keeper.pid");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Whether a cell recorded here still runs (its keeper is alive). */
    boolean running() {
        return keeper().flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
    }

    void writeKeeper(long pid) {
        write(folder.resolve("keeper.pid"), pid + "\n", false);
    }

    void record(Entry entry) {
        write(folder.resolve("processes.tsv"), entry.line() + "\n", true);
    }

    List<Entry> entries() {
        Path file = folder.resolve("processes.tsv");
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Entry> entries = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    entries.add(Entry.parse(line));
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Removes the record of a stopped cell (keeper and process list); logs and data stay until the next up. */
    void forget() {
        try {
            Files.deleteIfExists(folder.resolve("keeper.pid"));
            Files.deleteIfExists(folder.resolve("processes.tsv"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + folder, e);
        }
    }

    private static void write(Path file, String text, boolean append) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    append ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
