package io.cellchat.testing.engines;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the engines need from this machine: free ports, JDKs, binaries, the build's engine classpaths. */
final class Machine {

    private Machine() {}

    /** A port free on 127.0.0.1 right now. */
    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /** The {@code java} of a JDK with this feature version, or empty. {@code CELLCHAT_JDK<N>_HOME} wins. */
    static Optional<Path> javaOf(int feature) {
        String override = System.getenv("CELLCHAT_JDK" + feature + "_HOME");
        if (override != null) {
            return Optional.of(Path.of(override, "bin", "java")).filter(Files::isExecutable);
        }
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.sorted(Comparator.naturalOrder())
                    .filter(home -> feature == featureOf(home))
                    .map(home -> home.resolve("bin/java"))
                    .filter(Files::isExecutable)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The {@code java} running this JVM. */
    static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    private static int featureOf(Path home) {
        Path release = home.resolve("release");
        if (!Files.exists(release)) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=\"")) {
                    String version = line.substring("JAVA_VERSION=\"".length());
                    return Integer.parseInt(version.split("[.\"]")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /**
     * The classpath Maven resolved for an engine module under {@code testing/engines}, as written to its
     * {@code target/engine.classpath}.
     */
    static String engineClasspath(String engine) {
        Path file = projectRoot().resolve("testing/engines/" + engine + "/target/engine.classpath");
        if (!Files.exists(file)) {
            throw new IllegalStateException("missing " + file + ": build it with './mvnw -pl testing/engines/" + engine
                    + " generate-resources' (the test command does this)");
        }
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A jar on an engine classpath whose file name starts with {@code prefix}. */
    static Path jarOn(String classpath, String prefix) {
        for (String entry : classpath.split(":")) {
            if (Path.of(entry).getFileName().toString().startsWith(prefix)) {
                return Path.of(entry);
            }
        }
        throw new IllegalStateException("no " + prefix + "*.jar on the engine classpath");
    }

    /** The repository root: {@code -Dcellchat.root}, else the nearest folder up with {@code mvnw}. */
    static Path projectRoot() {
        String root = System.getProperty("cellchat.root");
        if (root != null && !root.isBlank()) {
            return Path.of(root);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("mvnw"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the project root; set -Dcellchat.root");
        }
        return dir;
    }

    /** The first executable among {@code candidates}, or a clear error naming the Debian package to install. */
    static Path binary(String what, String debianPackage, List<Path> candidates) {
        return candidates.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
                what + " is not installed (looked at " + candidates + "); install it with 'apt-get install -y "
                        + debianPackage + "', which the README's test command does when run as root"));
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a short command to completion, failing with its output if it fails. */
    static void run(Path workDir, List<String> command, long timeoutSeconds) {
        try {
            Path out = Files.createTempFile(workDir, "cmd", ".log");
            Process process = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("timed out after " + timeoutSeconds + " s: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("failed (exit " + process.exitValue() + "): " + String.join(" ", command)
                        + "\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }
}
