package io.cellchat.domain.id;

/**
 * Durable memory of how far an ID generator may have gone, so that a restarted generator never mints an ID smaller
 * than one minted before the restart, even if the wall clock now reads earlier.
 *
 * <p>The generator stores a time (milliseconds since {@link Snowflake#EPOCH}) <em>before</em> it mints any ID with a
 * greater time, and reads it once at start. Implementations must make {@link #store} durable before returning: a file
 * with fsync in the single process, a lease record in the distributed cell.
 */
public interface HighWaterMark {

    /** The last stored value, or {@code -1} if nothing was ever stored. */
    long load();

    /** Durably records that IDs up to {@code millisSinceEpoch} may exist. */
    void store(long millisSinceEpoch);

    /** A mark kept in memory only, for tests and for processes whose IDs need not survive a restart. */
    static HighWaterMark inMemory() {
        return new HighWaterMark() {
            private volatile long value = -1;

            @Override
            public long load() {
                return value;
            }

            @Override
            public void store(long millisSinceEpoch) {
                value = millisSinceEpoch;
            }
        };
    }
}
