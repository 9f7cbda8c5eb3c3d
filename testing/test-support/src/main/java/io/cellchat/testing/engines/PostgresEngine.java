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
 * user (through {@code setpriv}, which execs, so the watchdog's PID is the server's). Durability settings are off in tests:
 * the data is thrown away after the run.
 */
final class PostgresEngine {

    static final String USER = "postgres";

    private PostgresEngine() {}

    static Engines.Started start(Path folder, long ownerPid) {
        return start(folder, ownerPid, false);
    }

    /**
     * Starts a cluster; {@code durable} keeps PostgreSQL's own durability settings (fsync, synchronous commit, full
     * page writes), for a cell whose data must survive a crash ({@code cellchat cluster up}).
     */
    static Engines.Started start(Path folder, long ownerPid, boolean durable) {
        Path bin = requireNonNull(Machine.binary("PostgreSQL 15", "postgresql", List.of(
                Path.of("/usr/lib/postgresql/15/bin/postgres"))).getParent(), "the postgres binary's folder");
        Path data = folder.resolve("data");
        int port = Machine.freePort();
        if (Machine.isRoot()) {
            Machine.run(folder, List.of("chown", "-R", "postgres:postgres", folder.toString()), 30);
        }
        List<String> initdb = new ArrayList<>(List.of(bin.resolve("initdb").toString(), "-D", data.toString(),
                "-U", USER, "--auth=trust", "-E", "UTF8", "--no-instructions"));
        if (!durable) {
            initdb.add("--no-sync");
        }
        Machine.run(folder, asPostgres(initdb), 120);
        List<String> command = new ArrayList<>(List.of(
                bin.resolve("postgres").toString(), "-D", data.toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=" + folder,
                "-c", "max_connections=300"));
        if (!durable) {
            command.addAll(List.of("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
        }
        EngineProcess process = EngineProcess.start("postgres", folder, ownerPid, 15, asPostgres(command));
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
