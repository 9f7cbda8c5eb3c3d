package io.cellchat.platform.observability;

import org.slf4j.Logger;

/**
 * Whether an embedded store's writer failed its last commit, for its health check, and how the failures are logged
 * and counted: the first of a failing spell with its stack, the rest one line each. The same for every engine
 * (SQLite, RocksDB), like {@link StoreMetrics}. Written by the writer thread only.
 */
public final class CommitFailures {

    /** What a client is told when its command's batch could not be committed; the cause is for the server's log. */
    public static final String CLIENT_MESSAGE = "commit failed: the store cannot write now; try again later";

    private final Logger log;
    private final StoreMetrics metrics;
    private volatile boolean failing;

    /** @param log the writer's logger */
    public CommitFailures(Logger log, StoreMetrics metrics) {
        this.log = log;
        this.metrics = metrics;
    }

    /** After a commit that succeeded: the spell, if any, is over. */
    public void committed() {
        failing = false;
    }

    /** After a batch of {@code units} that could not be committed, nothing of it stored. */
    public void failed(int units, Exception cause) {
        if (failing) {
            log.warn("commit of a batch of {} failed again; nothing of it is stored: {}", units, cause.getMessage());
        } else {
            log.error("commit of a batch of {} failed; nothing of it is stored", units, cause);
        }
        metrics.commitFailed();
        failing = true;
    }

    /** Whether the last batch the writer tried to commit failed; the next commit that succeeds clears it. */
    public boolean isFailing() {
        return failing;
    }
}
