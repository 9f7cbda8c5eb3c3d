package io.cellchat.platform.server;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * What a running process says about itself at {@code /version} and in {@code --version}.
 *
 * @param version the SemVer version of the build
 * @param commit the git commit it was built from, {@code "unknown"} outside a checkout
 * @param protocols the client protocols it speaks, as negotiated WebSocket subprotocols
 */
public record BuildInfo(String version, String commit, List<String> protocols) {

    public BuildInfo {
        requireNonNull(version, "version");
        requireNonNull(commit, "commit");
        protocols = List.copyOf(protocols);
    }

    /**
     * Reads {@code version} and {@code commit} from a properties resource written at build time.
     *
     * @throws IllegalStateException if the resource is missing, which means a broken build
     */
    public static BuildInfo fromResource(Class<?> anchor, String resource, List<String> protocols) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("build info resource missing: " + resource);
            }
            Properties properties = new Properties();
            properties.load(in);
            String commit = properties.getProperty("commit", "");
            if (commit.isBlank() || commit.startsWith("${")) {
                commit = "unknown";
            } else if (Boolean.parseBoolean(properties.getProperty("dirty", "false"))) {
                commit = commit + "-dirty";
            }
            return new BuildInfo(properties.getProperty("version", "unknown"), commit, protocols);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** One line, for {@code --version}: {@code cellchat 0.1.0 (commit 1a2b3c4d5e)}. */
    public String describe(String program) {
        return program + " " + version + " (commit " + commit + ")";
    }
}
