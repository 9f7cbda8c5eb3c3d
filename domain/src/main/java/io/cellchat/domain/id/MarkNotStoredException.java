package io.cellchat.domain.id;

/**
 * Thrown instead of minting an ID when the generator must store its high-water mark first and cannot (the data
 * folder's disk full or failing, the lease store unreachable): an ID past an unstored mark could be minted again
 * after a restart. It clears once a store succeeds.
 */
public final class MarkNotStoredException extends IdsUnavailableException {

    private static final long serialVersionUID = 1L;

    MarkNotStoredException(RuntimeException cause) {
        super((cause.getMessage() == null ? cause.toString() : cause.getMessage()) + why(cause)
                + "; refusing to mint IDs until the high-water mark is stored");
        initCause(cause);
    }

    /** The message of what caused the failure (such as the file system's "No space left on device"), if any. */
    private static String why(RuntimeException cause) {
        Throwable inner = cause.getCause();
        return inner == null || inner.getMessage() == null ? "" : " (" + inner.getMessage() + ")";
    }
}
