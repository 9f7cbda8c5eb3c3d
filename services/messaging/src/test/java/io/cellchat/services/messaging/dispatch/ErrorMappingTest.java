package io.cellchat.services.messaging.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.cellchat.contracts.v1.ErrorCode;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.id.HighWaterMark;
import io.cellchat.domain.id.Snowflake;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ErrorMappingTest {

    @ParameterizedTest
    @EnumSource(ChatError.class)
    void should_give_every_domain_error_the_protocol_code_of_the_same_number_and_name(ChatError error) {
        ErrorCode code = ErrorMapping.code(error);

        assertThat(code.getNumber()).isEqualTo(error.code());
        assertThat(code.name()).isEqualTo(error.name());
    }

    @Test
    void should_have_a_domain_error_for_every_protocol_code() {
        assertThat(Arrays.stream(ErrorCode.values())
                .filter(c -> c != ErrorCode.ERROR_CODE_UNSPECIFIED && c != ErrorCode.UNRECOGNIZED)
                .map(ErrorCode::name))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(ChatError.values()).map(Enum::name).toList());
    }

    @Test
    void should_map_a_refusal_to_its_code_and_message_and_hide_unexpected_errors() {
        var refused = ErrorMapping.error("r1", new CompletionException(
                new ChatException(ChatError.TEXT_TOO_LONG, "text length: 5000 (expected: <= 4096)")));
        var unexpected = ErrorMapping.error("r2", new IllegalStateException("database is on fire"));

        assertThat(refused.getRequestId()).isEqualTo("r1");
        assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.TEXT_TOO_LONG);
        assertThat(refused.getError().getMessage()).isEqualTo("text length: 5000 (expected: <= 4096)");
        assertThat(refused.getError().getRetriable()).isFalse();
        assertThat(unexpected.getError().getCode()).isEqualTo(ErrorCode.INTERNAL);
        assertThat(unexpected.getError().getMessage()).doesNotContain("fire");
        assertThat(unexpected.getError().getRetriable()).isTrue();
    }

    @Test
    void should_map_an_id_generator_that_cannot_mint_to_unavailable() {
        Instant now = Instant.parse("2026-11-27T10:00:00Z");
        HighWaterMark anHourAhead = new HighWaterMark() {
            @Override
            public long load() {
                return Snowflake.millisSinceEpoch(now.plus(Duration.ofHours(1)));
            }

            @Override
            public void store(long millisSinceEpoch) {}
        };
        SnowflakeIdGenerator ids = new SnowflakeIdGenerator(SnowflakeIdGenerator.Settings.of(0, 0),
                Clock.fixed(now, ZoneOffset.UTC), duration -> {}, anHourAhead);
        Throwable refusal = catchThrowable(ids::next);

        var frame = ErrorMapping.error("r3", new CompletionException(refusal));

        assertThat(frame.getError().getCode()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(frame.getError().getRetriable()).isTrue();
    }
}
