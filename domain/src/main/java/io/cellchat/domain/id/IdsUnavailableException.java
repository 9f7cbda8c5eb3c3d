package io.cellchat.domain.id;

/**
 * No ID can be minted right now, and minting anyway could duplicate one: the clock stepped back too far, or the
 * worker lease may have expired. Transient: the same request may succeed later, so the edges answer
 * {@code UNAVAILABLE} (retriable).
 */
public abstract sealed class IdsUnavailableException extends IllegalStateException
        permits ClockSteppedBackException, WorkerLeaseExpiredException {

    private static final long serialVersionUID = 1L;

    IdsUnavailableException(String message) {
        super(message);
    }
}
