package io.cellchat.bench.load;

/** A progress line on standard error, at most once a second, overwritten in place on a terminal. */
public final class Progress {

    private long lastPrinted;

    public synchronized void tick(String phase, long done, long total, long failed) {
        long now = System.nanoTime();
        if (now - lastPrinted < 1_000_000_000L && done < total) {
            return;
        }
        lastPrinted = now;
        line(String.format("%s: %d/%d%s", phase, done, total, failed > 0 ? " (" + failed + " failed)" : ""));
    }

    /** A one-off progress line for a phase without a shared Progress. */
    public static void tick(String phase, long done, long total) {
        line(String.format("%s: %d/%d", phase, done, total));
    }

    public static void line(String text) {
        System.err.println("[bench] " + text);
    }
}
