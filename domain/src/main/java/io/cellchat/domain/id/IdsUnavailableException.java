package io.cellchat.domain.id;

/**
 * No ID can be minted right now, and minting anyway could duplicate one: the clock stepped back too far, the worker
 * lease may have expired, or the high-water mark could not be stored. Transient: the same request may succeed later,
 * so the edges answer {@code UNAVAILABLE} (retriable).
 */
public abstract sealed class IdsUnavailableException extends IllegalStateException
        permits ClockSteppedBackException, MarkNotStoredException, WorkerLeaseExpiredException {

    private static final long serialVersionUID = 1L;

    /** What a client is told; the cause is for the server's log. */
    public static final String CLIENT_MESSAGE = "the server cannot accept writes right now; try again";

    IdsUnavailableException(String message) {
        super(message);
    }
}
