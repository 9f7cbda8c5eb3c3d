package io.cellchat.bench.load;

import java.util.List;

/** A server under load: started by the harness as its own process, with the users the workload needs. */
public interface Target extends AutoCloseable {

    /** "cellchat" (or a variant: "cellchat-preloaded", "cellchat-sqlite"), "relay" or "ejabberd". */
    String name();

    Dialect dialect();

    /** The process to measure (CPU, memory), or -1 if it is not ours to inspect. */
    long pid();

    /** Creates (or finds) {@code count} users and returns them with what the dialect needs to log them in. */
    List<Dialect.User> users(int count) throws Exception;

    @Override
    void close();
}
