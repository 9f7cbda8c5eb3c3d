package io.cellchat.domain.id;

/**
 * No ID can be minted right now, and minting anyway could duplicate one: the clock stepped back too far, the worker
 * lease may have expired, or the high-water mark could not be stored. Transient: the same request may succeed later,
 * so the edges answer {@code UNAVAILABLE} (retriable).
 */
public abstract sealed class IdsUnavailableException extends IllegalStateException
        permits ClockSteppedBackException, MarkNotStoredException, WorkerLeaseExpiredException {

    private static final long serialVersionUID = 1L;

    IdsUnavailableException(String message) {
        super(message);
    }
}
