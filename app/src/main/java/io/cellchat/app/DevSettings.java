package io.cellchat.app;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Settings of the single-process default ({@code cellchat dev}).
 *
 * @param host address to listen on
 * @param port HTTP and WebSocket port; 0 picks a free one
 * @param dataDir folder for the embedded database and the ID high-water mark
 */
record DevSettings(String host, int port, Path dataDir) {
    DevSettings {
        requireNonNull(host, "host");
        requireNonNull(dataDir, "dataDir");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port: " + port + " (expected: 0..65535)");
        }
    }
}
