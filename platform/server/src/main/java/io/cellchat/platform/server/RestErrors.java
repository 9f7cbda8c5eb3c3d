package io.cellchat.platform.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.ContentTooLargeException;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestContext;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.HttpStatusException;
import com.linecorp.armeria.server.ServerErrorHandler;
import com.linecorp.armeria.server.ServiceConfig;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.ExceptionHandlerFunction;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.id.IdsUnavailableException;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place HTTP errors are mapped to the protocol's error body ({@code {"code":"NOT_A_MEMBER","message":"..."}},
 * the proto3 JSON of {@code cellchat.v1.ApiError}), for both kinds of failure:
 * <ul>
 *   <li>a service threw ({@link #handleException}): a {@link ChatException} becomes its HTTP status and code, an ID
 *       generator that cannot mint now ({@link IdsUnavailableException}) 503 {@code UNAVAILABLE}, an
 *       {@link IllegalArgumentException} 400 {@code INVALID_ARGUMENT}, anything else is logged and becomes 500
 *       {@code INTERNAL} without details;</li>
 *   <li>the HTTP layer refused the request before any service ran ({@link #renderStatus}, installed with
 *       {@link ServerBootstrap}): a malformed path ({@code %00}, an encoded {@code /}), a request line or query over
 *       the server's limit, headers over 8 KiB, a body over the route's limit (8 KiB; 2 MiB for an avatar), no
 *       route. Without this, Armeria answers those in plain text.</li>
 * </ul>
 */
public final class RestErrors implements ExceptionHandlerFunction, ServerErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(RestErrors.class);
    private static final ObjectMapper JSON = new ObjectMapper();

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
            return body(status(chat.error()), chat.error(), chat.getMessage()).toHttpResponse();
        }
        if (cause instanceof IdsUnavailableException ids) {
            log.warn("REST request {} refused: {}", requestId(), ids.getMessage());
            return body(HttpStatus.SERVICE_UNAVAILABLE, ChatError.UNAVAILABLE, IdsUnavailableException.CLIENT_MESSAGE)
                    .toHttpResponse();
        }
        if (cause instanceof ContentTooLargeException tooLarge) {
            return bodyTooLarge(tooLarge.maxContentLength() > 0 ? tooLarge.maxContentLength()
                    : RequestContext.currentOrNull() instanceof ServiceRequestContext ctx ? ctx.maxRequestLength()
                    : ServerBootstrap.MAX_REQUEST_BYTES).toHttpResponse();
        }
        if (cause instanceof HttpStatusException status) {
            return rendered(status.httpStatus(), RequestContext.currentOrNull() instanceof ServiceRequestContext ctx
                    ? ctx.request().headers() : null).toHttpResponse();
        }
        if (cause instanceof IllegalArgumentException invalid) {
            return body(HttpStatus.BAD_REQUEST, ChatError.INVALID_ARGUMENT, invalid.getMessage()).toHttpResponse();
        }
        log.error("unexpected error in a REST request (request {})", requestId(), cause);
        return body(HttpStatus.INTERNAL_SERVER_ERROR, ChatError.INTERNAL, "internal error; try again").toHttpResponse();
    }

    private static Object requestId() {
        return RequestContext.currentOrNull() == null ? "-" : RequestContext.current().id();
    }

    /** Services without their own handler fall back to Armeria's default, which renders through {@link #renderStatus}. */
    @Override
    public @Nullable HttpResponse onServiceException(ServiceRequestContext ctx, Throwable cause) {
        return null;
    }

    @Override
    public AggregatedHttpResponse renderStatus(@Nullable ServiceRequestContext ctx, ServiceConfig config,
            @Nullable RequestHeaders headers, HttpStatus status, @Nullable String description,
            @Nullable Throwable cause) {
        return rendered(status, headers, description, config.maxRequestLength());
    }

    private static AggregatedHttpResponse rendered(HttpStatus status, @Nullable RequestHeaders headers) {
        return rendered(status, headers, null, RequestContext.currentOrNull() instanceof ServiceRequestContext ctx
                ? ctx.maxRequestLength() : ServerBootstrap.MAX_REQUEST_BYTES);
    }

    /** @param maxRequestBytes the route's body limit, named in a 413's message */
    private static AggregatedHttpResponse rendered(HttpStatus status, @Nullable RequestHeaders headers,
            @Nullable String description, long maxRequestBytes) {
        String path = headers == null ? "" : headers.path();
        return switch (status.code()) {
            case 400 -> body(status, ChatError.INVALID_ARGUMENT, "request: " + describe(description, "malformed")
                    + " (expected: a valid HTTP request with a normalized path)");
            case 404, 405 -> body(HttpStatus.NOT_FOUND, ChatError.INVALID_ARGUMENT, "no such endpoint: " + path);
            case 413 -> bodyTooLarge(maxRequestBytes);
            case 414 -> body(status, ChatError.INVALID_ARGUMENT, "request line: too long (expected: a path and query of"
                    + " at most " + ServerBootstrap.MAX_REQUEST_LINE_BYTES + " bytes)");
            case 431 -> body(status, ChatError.INVALID_ARGUMENT, "request headers: too large (expected: at most "
                    + ServerBootstrap.MAX_HEADER_BYTES + " bytes)");
            case 401 -> body(status, ChatError.UNAUTHENTICATED, describe(description, "missing or invalid token"));
            case 429 -> body(status, ChatError.RATE_LIMITED, describe(description, "too many requests; slow down"));
            case 503 -> body(status, ChatError.UNAVAILABLE, describe(description, "unavailable; try again"));
            default -> status.isClientError()
                    ? body(status, ChatError.INVALID_ARGUMENT, "request: " + status.reasonPhrase())
                    : body(status, ChatError.INTERNAL, "internal error; try again");
        };
    }

    private static AggregatedHttpResponse bodyTooLarge(long limit) {
        return body(HttpStatus.REQUEST_ENTITY_TOO_LARGE, ChatError.FRAME_TOO_LARGE, "request body: over "
                + limit + " bytes (expected: <= " + limit + ")");
    }

    static HttpStatus status(ChatError error) {
        return switch (error) {
            case MALFORMED_FRAME, UNKNOWN_FRAME_TYPE, INVALID_ARGUMENT, TEXT_TOO_LONG, TEXT_EMPTY, GROUP_FULL,
                    MESSAGE_DELETED, NOT_A_GROUP, WEAK_PASSWORD, INVALID_IMAGE -> HttpStatus.BAD_REQUEST;
            case FRAME_TOO_LARGE -> HttpStatus.REQUEST_ENTITY_TOO_LARGE;
            case UNAUTHENTICATED, INVALID_CREDENTIALS -> HttpStatus.UNAUTHORIZED;
            case NOT_A_MEMBER, NOT_YOUR_MESSAGE, NOT_ALLOWED, PRIVACY_RESTRICTED -> HttpStatus.FORBIDDEN;
            case CONVERSATION_NOT_FOUND, MESSAGE_NOT_FOUND, USER_NOT_FOUND, SESSION_NOT_FOUND, AVATAR_NOT_FOUND ->
                    HttpStatus.NOT_FOUND;
            case USERNAME_TAKEN, IDEMPOTENCY_KEY_REUSED -> HttpStatus.CONFLICT;
            case RATE_LIMITED -> HttpStatus.TOO_MANY_REQUESTS;
            case INTERNAL -> HttpStatus.INTERNAL_SERVER_ERROR;
            case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    }

    private static String describe(@Nullable String description, String otherwise) {
        return description == null || description.isBlank() ? otherwise : description;
    }

    /** The error body, with its code by name as proto3 JSON writes it. */
    static AggregatedHttpResponse body(HttpStatus status, ChatError error, @Nullable String message) {
        try {
            return AggregatedHttpResponse.of(status, MediaType.JSON_UTF_8, JSON.writeValueAsBytes(
                    Map.of("code", error.name(), "message", message == null ? "" : message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an error body", e);
        }
    }
}
