package io.cellchat.services.messaging.dispatch;

import io.cellchat.contracts.v1.Error;
import io.cellchat.contracts.v1.ErrorCode;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.id.IdsUnavailableException;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place WebSocket errors are mapped: a {@link ChatException} becomes an {@code Error} frame with its stable
 * code; an ID generator that cannot mint now (clock stepped back, worker lease expired, mark not stored)
 * {@code UNAVAILABLE} (retriable); anything else is logged with the request and becomes {@code INTERNAL} (retriable)
 * without details.
 */
public final class ErrorMapping {

    private static final Logger log = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {}

    public static ServerFrame error(String requestId, Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ChatException chat) {
            return error(requestId, chat.error(), chat.getMessage());
        }
        if (cause instanceof IdsUnavailableException ids) {
            log.warn("request {} refused: {}", requestId, ids.getMessage());
            return error(requestId, ChatError.UNAVAILABLE, IdsUnavailableException.CLIENT_MESSAGE);
        }
        log.error("unexpected error handling request {}", requestId, cause);
        return error(requestId, ChatError.INTERNAL, "internal error; try again");
    }

    public static ServerFrame error(String requestId, ChatError error, String message) {
        return ServerFrame.newBuilder()
                .setRequestId(requestId)
                .setError(Error.newBuilder()
                        .setCode(code(error))
                        .setMessage(message)
                        .setRetriable(error.retriable()))
                .build();
    }

    /** The protocol code of a domain error: the same number (checked by a test for every value). */
    public static ErrorCode code(ChatError error) {
        ErrorCode code = ErrorCode.forNumber(error.code());
        if (code == null) {
            throw new IllegalStateException("no protocol ErrorCode numbered " + error.code() + " for " + error);
        }
        return code;
    }
}
