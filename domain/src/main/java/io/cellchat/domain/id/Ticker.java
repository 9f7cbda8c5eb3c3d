package io.cellchat.domain.id;

/**
 * A monotonic time source in nanoseconds, for durations that must not jump when the wall clock steps (leases, time
 * fences). Injected like {@link java.time.Clock}: the system one in processes, a hand-moved one in tests.
 */
@FunctionalInterface
public interface Ticker {

    /** Nanoseconds from an arbitrary origin; only differences mean something. */
    long nanos();

    /** {@link System#nanoTime()}. */
    static Ticker system() {
        return System::nanoTime;
    }
}
