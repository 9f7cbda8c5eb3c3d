package io.cellchat.domain.error;

import static java.util.Objects.requireNonNull;

/**
 * A request broke a rule. Carries the {@link ChatError} and a message that names the value and the expectation,
 * for example {@code "text length: 5000 (expected: <= 4096)"}. Mapped to the wire in one place per transport.
 */
public final class ChatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ChatError error;

    public ChatException(ChatError error, String message) {
        super(message, null, false, false);
        this.error = requireNonNull(error, "error");
    }

    public ChatError error() {
        return error;
    }
}
