package io.cellchat.domain.id;

/**
 * Thrown instead of minting an ID when this process's worker lease may have expired (renewals failed for longer than
 * the lease's validity, or another process holds the worker ID now). Minting would risk sharing a worker ID with
 * another process. It clears once a renewal or a new lease succeeds.
 */
public final class WorkerLeaseExpiredException extends IdsUnavailableException {

    private static final long serialVersionUID = 1L;

    WorkerLeaseExpiredException(String message) {
        super(message);
    }
}
