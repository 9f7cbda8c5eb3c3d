package io.cellchat.backplane;

import static java.util.Objects.requireNonNull;

import io.cellchat.contracts.backplane.v1.Outcome;
import io.cellchat.contracts.v1.Accepted;
import io.cellchat.contracts.v1.Error;
import io.cellchat.contracts.v1.ErrorCode;
import io.cellchat.domain.chat.ChatLog.Appended;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a command for the edge that waits for it: {@link Appended}, or the {@link ChatException} a rule
 * threw. Error codes travel as the numbers of {@link ChatError}, which the client protocol's {@code ErrorCode} mirrors.
 */
public final class OutcomeCodec {

    private static final Map<Integer, ChatError> BY_CODE = Arrays.stream(ChatError.values())
            .collect(Collectors.toUnmodifiableMap(ChatError::code, Function.identity()));

    private OutcomeCodec() {}

    /** A decoded outcome: exactly one of {@code appended} and {@code refusal} is set. */
    public record Result(String requestId, long actor, @Nullable Appended appended,
            @Nullable ChatException refusal) {
        public Result {
            requireNonNull(requestId, "requestId");
            if ((appended == null) == (refusal == null)) {
                throw new IllegalArgumentException("exactly one of appended and refusal (got: " + appended + ", "
                        + refusal + ")");
            }
        }
    }

    public static Outcome accepted(String requestId, long actor, Appended appended) {
        return Outcome.newBuilder()
                .setRequestId(requestId)
                .setActor(actor)
                .setAccepted(Accepted.newBuilder()
                        .setConversationId(appended.conversation().value())
                        .setSeq(appended.seq())
                        .setMessageId(appended.messageId()))
                .build();
    }

    public static Outcome refused(String requestId, long actor, ChatException refusal) {
        return Outcome.newBuilder()
                .setRequestId(requestId)
                .setActor(actor)
                .setRefused(Error.newBuilder()
                        .setCodeValue(refusal.error().code())
                        .setMessage(String.valueOf(refusal.getMessage()))
                        .setRetriable(refusal.error().retriable()))
                .build();
    }

    public static Result decode(Outcome outcome) {
        return switch (outcome.getResultCase()) {
            case ACCEPTED -> new Result(outcome.getRequestId(), outcome.getActor(), new Appended(
                    EventCodec.conversation(outcome.getAccepted().getConversationId()),
                    outcome.getAccepted().getSeq(), outcome.getAccepted().getMessageId()), null);
            case REFUSED -> {
                Error error = outcome.getRefused();
                ChatError code = BY_CODE.get(error.getCodeValue());
                if (code == null || error.getCode() == ErrorCode.ERROR_CODE_UNSPECIFIED) {
                    throw new BadRecordException("outcome error code: " + error.getCodeValue()
                            + " (expected: a code of ChatError)");
                }
                yield new Result(outcome.getRequestId(), outcome.getActor(), null,
                        new ChatException(code, error.getMessage()));
            }
            case RESULT_NOT_SET -> throw new BadRecordException(
                    "outcome of request " + outcome.getRequestId() + ": no result (expected: accepted or refused)");
        };
    }
}
