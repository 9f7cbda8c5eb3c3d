package io.cellchat.contracts.codec;

/**
 * Input that is not exactly what the protocol documents: not UTF-8, not strict JSON, a field of the wrong type, two
 * kinds in one frame, a protobuf field with the wrong wire type. The message names the place and the expectation,
 * for example {@code "send.body.text: a number (expected: a string)"}. Edges map it to {@code MALFORMED_FRAME}
 * (WebSocket) or {@code INVALID_ARGUMENT} (REST); nothing of the input is processed.
 */
public final class MalformedMessageException extends Exception {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message) {
        super(message, null, false, false);
    }
}
