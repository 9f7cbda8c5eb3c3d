package io.cellchat.app;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Settings of the single-process default ({@code cellchat dev}).
 *
 * @param host address to listen on
 * @param port HTTP and WebSocket port; 0 picks a free one
 * @param dataDir the data folder: accounts in {@code cellchat.db} (SQLite), conversations in {@code history/}
 *     (RocksDB), the ID generator's high-water mark
 * @param config the documented configuration keys
 */
record DevSettings(String host, int port, Path dataDir, Config config) {
    DevSettings {
        requireNonNull(host, "host");
        requireNonNull(dataDir, "dataDir");
        requireNonNull(config, "config");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("--port: " + port + " (expected: 0..65535)");
        }
    }

    static DevSettings of(String host, int port, Path dataDir) {
        return new DevSettings(host, port, dataDir, Config.load(null, java.util.List.of()));
    }
}
