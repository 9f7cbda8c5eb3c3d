package io.cellchat.platform.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.id.HighWaterMark;
import io.cellchat.domain.id.IdsUnavailableException;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RestErrorsTest {

    @Test
    void should_answer_a_refusal_with_its_status_and_code() throws Exception {
        AggregatedHttpResponse answer = RestErrors.response(new CompletionException(
                new ChatException(ChatError.UNAVAILABLE, "the database writer is stopped"))).aggregate().join();

        assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(json(answer))
                .isEqualTo(json("{\"code\":\"UNAVAILABLE\",\"message\":\"the database writer is stopped\"}"));
    }

    @Test
    void should_answer_503_unavailable_when_no_id_can_be_minted_now() throws Exception {
        HighWaterMark failing = new HighWaterMark() {
            @Override
            public long load() {
                return -1;
            }

            @Override
            public void store(long millisSinceEpoch) {
                throw new IllegalStateException("disk full");
            }
        };
        SnowflakeIdGenerator ids = new SnowflakeIdGenerator(SnowflakeIdGenerator.Settings.of(0, 0),
                Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC), duration -> { }, failing);
        Throwable cannotMint = catchThrowable(ids::next);

        AggregatedHttpResponse answer = RestErrors.response(cannotMint).aggregate().join();

        assertThat(cannotMint).isInstanceOf(IdsUnavailableException.class);
        assertThat(answer.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(json(answer)).isEqualTo(json(
                "{\"code\":\"UNAVAILABLE\",\"message\":\"the server cannot accept writes right now; try again\"}"));
    }

    private static JsonNode json(AggregatedHttpResponse answer) throws Exception {
        return json(answer.contentUtf8());
    }

    private static JsonNode json(String text) throws Exception {
        return new ObjectMapper().readTree(text);
    }
}
