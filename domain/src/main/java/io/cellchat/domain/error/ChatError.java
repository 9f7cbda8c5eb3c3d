package io.cellchat.domain.error;

/**
 * Why a request failed, with the stable numeric code clients see (the {@code ErrorCode} enum of the client protocol
 * mirrors these numbers; names may change, numbers never). Retriable errors may succeed later unchanged.
 */
public enum ChatError {
    MALFORMED_FRAME(100, false),
    UNKNOWN_FRAME_TYPE(101, false),
    FRAME_TOO_LARGE(102, false),
    INVALID_ARGUMENT(103, false),
    UNAUTHENTICATED(200, false),
    CONVERSATION_NOT_FOUND(300, false),
    NOT_A_MEMBER(301, false),
    MESSAGE_NOT_FOUND(302, false),
    NOT_YOUR_MESSAGE(303, false),
    NOT_ALLOWED(304, false),
    TEXT_TOO_LONG(305, false),
    TEXT_EMPTY(306, false),
    GROUP_FULL(307, false),
    IDEMPOTENCY_KEY_REUSED(308, false),
    MESSAGE_DELETED(309, false),
    USER_NOT_FOUND(310, false),
    NOT_A_GROUP(311, false),
    USERNAME_TAKEN(312, false),
    INVALID_CREDENTIALS(313, false),
    PRIVACY_RESTRICTED(314, false),
    SESSION_NOT_FOUND(315, false),
    WEAK_PASSWORD(316, false),
    RATE_LIMITED(400, true),
    INTERNAL(500, true),
    UNAVAILABLE(503, true);

    private final int code;
    private final boolean retriable;

    ChatError(int code, boolean retriable) {
        this.code = code;
        this.retriable = retriable;
    }

    public int code() {
        return code;
    }

    public boolean retriable() {
        return retriable;
    }
}
