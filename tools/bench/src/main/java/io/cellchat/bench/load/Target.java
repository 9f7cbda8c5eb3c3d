package io.cellchat.bench.load;

import java.util.List;

/** A server under load: started by the harness as its own process, with the users the workload needs. */
public interface Target extends AutoCloseable {

    /** "cellchat" (or a variant: "cellchat-preloaded", "cellchat-sqlite"), "cell", "relay" or "ejabberd". */
    String name();

    Dialect dialect();

    /** The process to measure (CPU, memory), or -1 if it is not ours to inspect. */
    long pid();

    /**
     * Every process whose CPU time and writes count as the server's, by name, each measured with its descendants (a
     * PostgreSQL server's backends): one for a single-process server; for a cell, each role and each engine.
     */
    default java.util.Map<String, Long> processes() {
        return pid() < 0 ? java.util.Map.of() : java.util.Map.of(name(), pid());
    }

    /** Creates (or finds) {@code count} users and returns them with what the dialect needs to log them in. */
    List<Dialect.User> users(int count) throws Exception;

    @Override
    void close();
}
