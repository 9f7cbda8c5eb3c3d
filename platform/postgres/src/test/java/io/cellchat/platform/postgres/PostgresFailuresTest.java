package io.cellchat.platform.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class PostgresFailuresTest {

    @Test
    void should_answer_failures_that_may_pass_as_unavailable_and_keep_faults_internal() {
        RuntimeException refused = PostgresFailures.translate("users store write",
                new SQLException("An I/O error occurred while sending to the backend.", "08006"));
        RuntimeException fault = PostgresFailures.translate("users store write",
                new SQLException("duplicate key value violates unique constraint \"devices_pkey\"", "23505"));

        assertThat(refused).isInstanceOfSatisfying(ChatException.class, e -> {
            assertThat(e.error()).isEqualTo(ChatError.UNAVAILABLE);
            assertThat(e).hasMessage("users store write: the database cannot be reached now; try again");
        });
        assertThat(fault).isInstanceOf(IllegalStateException.class).hasMessageContaining("devices_pkey")
                .hasCauseInstanceOf(SQLException.class);
    }

    @Test
    void should_tell_which_failures_may_pass() {
        assertThat(PostgresFailures.mayPass(new SQLTransientConnectionException(
                "users - Connection is not available, request timed out after 2000ms."))).isTrue();
        assertThat(PostgresFailures.mayPass(new SQLException("Connection refused", "08001"))).isTrue();
        assertThat(PostgresFailures.mayPass(new SQLException("terminating connection due to administrator command",
                "57P01"))).isTrue();
        assertThat(PostgresFailures.mayPass(new SQLException("sorry, too many clients already", "53300"))).isTrue();
        assertThat(PostgresFailures.mayPass(new SQLException("could not serialize access", "40001"))).isTrue();
        assertThat(PostgresFailures.mayPass(new SQLException("syntax error at or near \"SELEC\"", "42601"))).isFalse();
        assertThat(PostgresFailures.mayPass(new SQLException("bind message supplies 1 parameters, but prepared"
                + " statement requires 2", "08P01"))).as("a protocol violation is a bug").isFalse();
        assertThat(PostgresFailures.mayPass(new SQLException("no state"))).isFalse();
    }
}
