package io.cellchat.platform.server;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.ExceptionHandlerFunction;
import com.linecorp.armeria.common.HttpRequest;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place REST errors are mapped: a {@link ChatException} becomes its HTTP status and an {@code ApiError}
 * body ({@code {"code":"NOT_A_MEMBER","message":"..."}}, the proto3 JSON of {@code cellchat.v1.ApiError}); anything
 * else is logged and becomes 500 {@code INTERNAL} without details.
 */
public final class RestErrors implements ExceptionHandlerFunction {

    private static final Logger log = LoggerFactory.getLogger(RestErrors.class);

    @Override
    public HttpResponse handleException(ServiceRequestContext ctx, HttpRequest req, Throwable cause) {
        return response(cause);
    }

    public static HttpResponse response(Throwable error) {
        Throwable cause = error;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ChatException chat) {
            return body(status(chat.error()), chat.error(), chat.getMessage());
        }
        if (cause instanceof IllegalArgumentException invalid) {
            return body(HttpStatus.BAD_REQUEST, ChatError.INVALID_ARGUMENT, invalid.getMessage());
        }
        log.error("unexpected error in a REST request (request {})",
                RequestContext.currentOrNull() == null ? "-" : RequestContext.current().id(), cause);
        return body(HttpStatus.INTERNAL_SERVER_ERROR, ChatError.INTERNAL, "internal error; try again");
    }

    static HttpStatus status(ChatError error) {
        return switch (error) {
            case MALFORMED_FRAME, UNKNOWN_FRAME_TYPE, INVALID_ARGUMENT, TEXT_TOO_LONG, TEXT_EMPTY, GROUP_FULL,
                    MESSAGE_DELETED, NOT_A_GROUP -> HttpStatus.BAD_REQUEST;
            case FRAME_TOO_LARGE -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
            case UNAUTHENTICATED, INVALID_CREDENTIALS -> HttpStatus.UNAUTHORIZED;
            case NOT_A_MEMBER, NOT_YOUR_MESSAGE, NOT_ALLOWED -> HttpStatus.FORBIDDEN;
            case CONVERSATION_NOT_FOUND, MESSAGE_NOT_FOUND, USER_NOT_FOUND -> HttpStatus.NOT_FOUND;
            case USERNAME_TAKEN, IDEMPOTENCY_KEY_REUSED -> HttpStatus.CONFLICT;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    private static HttpResponse body(HttpStatus status, ChatError error, @Nullable String message) {
        return HttpResponse.ofJson(status, java.util.Map.of("code", error.name(), "message", message == null ? "" : message));
    }
}
