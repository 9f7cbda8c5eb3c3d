package io.cellchat.domain.id;

import java.time.Duration;

/** Waits; injected beside {@link java.time.Clock} so tests can control time without real sleeps. */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps the calling thread. */
    static Sleeper system() {
        return Thread::sleep;
    }
}
