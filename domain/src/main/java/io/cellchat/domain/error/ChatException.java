package io.cellchat.domain.error;

import static java.util.Objects.requireNonNull;

/**
 * A request broke a rule, or cannot be served now ({@link ChatError#UNAVAILABLE}, e.g. a store writer whose queue is
 * full, that is stopped, or whose commit failed). Carries the {@link ChatError} and a message that names the value
 * and the expectation, for example {@code "text length: 5000 (expected: <= 4096)"}. Mapped to the wire in one place
 * per transport.
 */
public final class ChatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ChatError error;

    public ChatException(ChatError error, String message) {
        super(requireNonNull(message, "message"), null, false, false);
        this.error = requireNonNull(error, "error");
    }

    /** Never null: every refusal says what was wrong. */
    @Override
    public String getMessage() {
        return requireNonNull(super.getMessage());
    }

    public ChatError error() {
        return error;
    }
}
