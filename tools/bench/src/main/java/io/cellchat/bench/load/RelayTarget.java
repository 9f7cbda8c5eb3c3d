package io.cellchat.bench.load;

import io.cellchat.bench.relay.RelayServer;
import io.cellchat.testing.files.Folders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The baseline relay ({@link RelayServer}) in its own JVM, with the same JVM settings as Cellchat. */
public final class RelayTarget implements Target {

    private final JavaServerProcess process;
    private final int port;
    private final Path log;

    private RelayTarget(JavaServerProcess process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    public static RelayTarget start(int port) throws Exception {
        Path log = Files.createTempFile("relay", ".log");
        JavaServerProcess process = JavaServerProcess.start(List.of("-cp", System.getProperty("java.class.path"),
                RelayServer.class.getName(), Integer.toString(port)), log, "http://127.0.0.1:" + port + "/");
        return new RelayTarget(process, port, log);
    }

    @Override
    public String name() {
        return "relay";
    }

    @Override
    public Dialect dialect() {
        return new RelayDialect("127.0.0.1", port);
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public List<Dialect.User> users(int count) {
        List<Dialect.User> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            users.add(new Dialect.User(i, i, "user" + i, ""));
        }
        return users;
    }

    /** Stops the relay and deletes its log, unless {@code -Dcellchat.bench.keep-data=true}. */
    @Override
    public void close() {
        process.close();
        if (Boolean.getBoolean("cellchat.bench.keep-data")) {
            Progress.line("relay: log kept in " + log);
        } else {
            Folders.delete(log);
        }
    }
}
