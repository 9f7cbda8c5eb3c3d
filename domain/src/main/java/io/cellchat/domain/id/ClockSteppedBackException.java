package io.cellchat.domain.id;

/**
 * Thrown when the wall clock reads earlier than the last minted ID by more than the generator may wait. Minting would
 * risk a duplicate or a smaller ID, so the generator refuses until the clock catches up.
 */
public final class ClockSteppedBackException extends IdsUnavailableException {

    private static final long serialVersionUID = 1L;

    ClockSteppedBackException(long behindMillis, long maxWaitMillis) {
        super("clock is " + behindMillis + " ms behind the last issued ID (expected: at most " + maxWaitMillis
                + " ms, the configured ids.max-clock-step-back); refusing to mint IDs until it catches up");
    }
}
