package io.cellchat.testing.engines;

import io.cellchat.testing.files.Folders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The folder where one test run keeps its engines: data, logs, ports and PIDs.
 *
 * <p>A run is owned by a process, the <em>owner</em>: the Maven JVM when tests run under Maven (so every module's
 * test JVM shares one set of engines, started once), otherwise the test JVM itself. Each engine runs under a watchdog
 * that stops it when the owner is gone, so a failed, interrupted or killed run leaves no engine behind. A later run
 * also removes leftovers: folders whose owner is dead, after killing any engine still recorded in them.
 *
 * <p>Layout: {@code $TMPDIR/cellchat-engines/owner-<pid>/<engine>/{engine.log, engine.pid, state.properties, data}}.
 */
final class RunFolder {

    private static final Logger log = LoggerFactory.getLogger(RunFolder.class);
    private static final Path BASE = Path.of(System.getProperty("java.io.tmpdir"), "cellchat-engines");

    private final Path path;
    private final long ownerPid;
    private final boolean ownedByThisJvm;

    private RunFolder(Path path, long ownerPid, boolean ownedByThisJvm) {
        this.path = path;
        this.ownerPid = ownerPid;
        this.ownedByThisJvm = ownedByThisJvm;
    }

    /** The run folder of the current run, after removing leftovers of dead runs. */
    static RunFolder current() {
        ProcessHandle owner = owner();
        removeLeftovers();
        Path path = BASE.resolve("owner-" + owner.pid());
        try {
            Files.createDirectories(path);
            // Engines started as another user (PostgreSQL refuses root) must reach their folders.
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create engine run folder " + path, e);
        }
        return new RunFolder(path, owner.pid(), owner.pid() == ProcessHandle.current().pid());
    }

    Path path() {
        return path;
    }

    long ownerPid() {
        return ownerPid;
    }

    /** Whether this JVM owns the run and must stop the engines when its tests end. */
    boolean ownedByThisJvm() {
        return ownedByThisJvm;
    }

    Path engineFolder(String engine) {
        Path folder = path.resolve(engine);
        try {
            Files.createDirectories(folder);
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
        return folder;
    }

    /**
     * The Maven JVM when this JVM is a Surefire fork (its parent runs Maven's launcher), else this JVM. Set
     * {@code -Dcellchat.engines.owner=self} to tie engines to the test JVM.
     */
    private static ProcessHandle owner() {
        ProcessHandle self = ProcessHandle.current();
        if ("self".equals(System.getProperty("cellchat.engines.owner"))) {
            return self;
        }
        Optional<ProcessHandle> parent = self.parent();
        boolean maven = parent.flatMap(p -> p.info().commandLine())
                .map(cmd -> cmd.contains("plexus-classworlds") || cmd.contains("org.codehaus.plexus.classworlds"))
                .orElse(false);
        return maven ? parent.get() : self;
    }

    private static void removeLeftovers() {
        if (!Files.isDirectory(BASE)) {
            return;
        }
        try (Stream<Path> runs = Files.list(BASE)) {
            for (Path run : runs.toList()) {
                String name = run.getFileName().toString();
                if (!name.startsWith("owner-")) {
                    continue;
                }
                long pid = Long.parseLong(name.substring("owner-".length()));
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                killRecordedEngines(run);
                Folders.delete(run);
                log.info("removed leftover engine folder {}", run);
            }
        } catch (IOException | UncheckedIOException | NumberFormatException e) {
            // Another run may be deleting its own folder right now; leftovers are retried next time.
            log.warn("could not clean leftover engine folders under {}: {}", BASE, e.toString());
        }
    }

    /** Kills engines recorded under {@code run} whose command line still names that folder (no recycled PIDs). */
    private static void killRecordedEngines(Path run) throws IOException {
        try (Stream<Path> files = Files.walk(run, 2)) {
            for (Path pidFile : files.filter(f -> f.getFileName().toString().equals("engine.pid")).toList()) {
                long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).trim());
                ProcessHandle.of(pid)
                        .filter(p -> p.info().commandLine().map(cmd -> cmd.contains(run.toString())).orElse(true))
                        .ifPresent(p -> {
                            log.warn("killing leftover engine process {} from {}", pid, run);
                            p.destroyForcibly();
                        });
            }
        }
    }
}
