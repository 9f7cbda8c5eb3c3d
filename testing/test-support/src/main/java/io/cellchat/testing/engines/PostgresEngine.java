package io.cellchat.testing.engines;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A throwaway PostgreSQL 15 cluster from Debian's binaries: initdb into the run folder, then {@code postgres} in the
 * foreground on a free loopback port. PostgreSQL refuses to run as root, so as root both run as the {@code postgres}
 * user (through {@code setpriv}, which execs, so the watchdog's PID is the server's). Durability settings are off:
 * the data is thrown away after the run.
 */
final class PostgresEngine {

    static final String USER = "postgres";

    private PostgresEngine() {}

    static Engines.Started start(Path folder, long ownerPid) {
        Path bin = requireNonNull(Machine.binary("PostgreSQL 15", "postgresql", List.of(
                Path.of("/usr/lib/postgresql/15/bin/postgres"))).getParent(), "the postgres binary's folder");
        Path data = folder.resolve("data");
        int port = Machine.freePort();
        if (Machine.isRoot()) {
            Machine.run(folder, List.of("chown", "-R", "postgres:postgres", folder.toString()), 30);
        }
        Machine.run(folder, asPostgres(List.of(bin.resolve("initdb").toString(), "-D", data.toString(),
                "-U", USER, "--auth=trust", "-E", "UTF8", "--no-sync", "--no-instructions")), 120);
        EngineProcess process = EngineProcess.start("postgres", folder, ownerPid, 15, asPostgres(List.of(
                bin.resolve("postgres").toString(), "-D", data.toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + folder,
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", "max_connections=300")));
        Duration ready = process.awaitReady(
                () -> process.logContains("database system is ready to accept connections"), Duration.ofSeconds(60));
        return new Engines.Started(process,
                Map.of("host", "127.0.0.1", "port", Integer.toString(port), "user", USER), ready);
    }

    private static List<String> asPostgres(List<String> command) {
        if (!Machine.isRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(
                "setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }
}
