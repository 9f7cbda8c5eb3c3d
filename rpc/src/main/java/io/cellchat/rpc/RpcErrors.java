package io.cellchat.rpc;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.id.IdsUnavailableException;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where errors cross a gRPC call between roles, in both directions.
 *
 * <ul>
 *   <li>Server: a {@link ChatException} becomes a status chosen by its kind, its message the description, and its
 *       stable {@link ChatError} code the trailer {@code cellchat-error-code}; an ID generator that cannot mint
 *       becomes {@code UNAVAILABLE} (code 503); anything else is logged and becomes {@code INTERNAL} without
 *       details.</li>
 *   <li>Client: a status with the trailer becomes the same {@link ChatException} again, so a refusal by the users
 *       role reaches the client of a messaging server exactly as in the single process. A call that found no server
 *       ({@code UNAVAILABLE}) or no answer within its deadline ({@code DEADLINE_EXCEEDED}) becomes
 *       {@link ChatError#UNAVAILABLE}, which is retriable; any other status becomes {@link ChatError#INTERNAL}.</li>
 * </ul>
 */
public final class RpcErrors {

    private static final Logger log = LoggerFactory.getLogger(RpcErrors.class);
    static final Metadata.Key<String> CODE = Metadata.Key.of("cellchat-error-code", Metadata.ASCII_STRING_MARSHALLER);

    private RpcErrors() {}

    /** Server side: answers one unary call with what {@code call} returns, or with its failure mapped. */
    public static <T> void answer(StreamObserver<T> observer, Supplier<T> call) {
        T response;
        try {
            response = call.get();
        } catch (RuntimeException e) {
            observer.onError(toStatus(e));
            return;
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    static StatusRuntimeException toStatus(RuntimeException failure) {
        if (failure instanceof ChatException chat) {
            return refusal(chat.error(), chat.getMessage());
        }
        if (failure instanceof IdsUnavailableException ids) {
            log.warn("refusing a call: {}", ids.getMessage());
            return refusal(ChatError.UNAVAILABLE, "cannot mint IDs right now; try again");
        }
        log.error("unexpected failure serving a call", failure);
        return Status.INTERNAL.withDescription("internal error").asRuntimeException();
    }

    private static StatusRuntimeException refusal(ChatError error, String message) {
        Metadata trailers = new Metadata();
        trailers.put(CODE, Integer.toString(error.code()));
        return status(error).withDescription(message).asRuntimeException(trailers);
    }

    /** The gRPC status of a refusal: for operators and generic tools; clients read the trailer. */
    private static Status status(ChatError error) {
        return switch (error) {
            case INVALID_ARGUMENT, MALFORMED_FRAME, UNKNOWN_FRAME_TYPE, FRAME_TOO_LARGE, TEXT_TOO_LONG, TEXT_EMPTY ->
                    Status.INVALID_ARGUMENT;
            case UNAUTHENTICATED, INVALID_CREDENTIALS -> Status.UNAUTHENTICATED;
            case CONVERSATION_NOT_FOUND, MESSAGE_NOT_FOUND, USER_NOT_FOUND -> Status.NOT_FOUND;
            case NOT_A_MEMBER, NOT_YOUR_MESSAGE, NOT_ALLOWED -> Status.PERMISSION_DENIED;
            case USERNAME_TAKEN -> Status.ALREADY_EXISTS;
            case RATE_LIMITED -> Status.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case INTERNAL -> Status.INTERNAL;
            default -> Status.FAILED_PRECONDITION;
        };
    }

    /**
     * Client side: runs one call to {@code service} and maps its failure.
     *
     * @throws ChatException the refusal the server sent, or {@code UNAVAILABLE} when the server is down or late
     */
    public static <T> T call(String service, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw toChatException(service, e);
        }
    }

    static ChatException toChatException(String service, StatusRuntimeException failure) {
        Metadata trailers = failure.getTrailers();
        String code = trailers == null ? null : trailers.get(CODE);
        String description = failure.getStatus().getDescription();
        if (code != null) {
            for (ChatError error : ChatError.values()) {
                if (Integer.toString(error.code()).equals(code)) {
                    return new ChatException(error, description == null ? error.name() : description);
                }
            }
        }
        return switch (failure.getStatus().getCode()) {
            case UNAVAILABLE, CANCELLED -> new ChatException(ChatError.UNAVAILABLE,
                    service + " is unreachable; try again");
            case DEADLINE_EXCEEDED -> new ChatException(ChatError.UNAVAILABLE,
                    service + " did not answer in time; try again");
            default -> {
                log.warn("{} failed: {}", service, failure.getStatus());
                yield new ChatException(ChatError.INTERNAL, service + " failed; try again");
            }
        };
    }
}
