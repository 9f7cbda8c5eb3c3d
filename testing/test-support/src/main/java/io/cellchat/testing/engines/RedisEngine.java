package io.cellchat.testing.engines;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A throwaway Redis 7 server from Debian's {@code redis-server}, in the foreground on a free loopback port, with no
 * persistence and 4,096 logical databases so that every test class gets one of its own.
 */
final class RedisEngine {

    static final int DATABASES = 4096;

    private RedisEngine() {}

    static Engines.Started start(Path folder, long ownerPid) {
        return start(folder, ownerPid, false);
    }

    /**
     * Starts a server; {@code durable} turns on the append-only file, synced at every write, so the ID workers'
     * high-water marks survive a restart ({@code cellchat cluster up}; docs/design/ids.md).
     */
    static Engines.Started start(Path folder, long ownerPid, boolean durable) {
        Path server = Machine.binary("Redis 7", "redis-server", List.of(
                Path.of("/usr/bin/redis-server"), Path.of("/usr/local/bin/redis-server")));
        int port = Machine.freePort();
        EngineProcess process = EngineProcess.start("redis", folder, ownerPid, 5, List.of(
                server.toString(), "--bind", "127.0.0.1", "--port", Integer.toString(port),
                "--save", "", "--appendonly", durable ? "yes" : "no", "--appendfsync", "always",
                "--daemonize", "no", "--dir", folder.toString(),
                "--databases", Integer.toString(DATABASES), "--logfile", ""));
        Duration ready = process.awaitReady(
                () -> process.logContains("Ready to accept connections"), Duration.ofSeconds(30));
        return new Engines.Started(process, Map.of("host", "127.0.0.1", "port", Integer.toString(port)), ready);
    }
}
