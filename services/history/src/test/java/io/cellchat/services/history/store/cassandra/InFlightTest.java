package io.cellchat.services.history.store.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The span names of the history's Cassandra writes: verb and table, from the prepared query, never its values. */
class InFlightTest {

    @Test
    void should_name_a_write_span_after_its_verb_and_table() {
        assertThat(InFlight.operation("INSERT INTO events (conversation_id, seq) VALUES (?, ?) USING TIMESTAMP ?"))
                .isEqualTo("INSERT events");
        assertThat(InFlight.operation("UPDATE conversations_by_user USING TIMESTAMP ? SET last_seq = ? WHERE user_id = ?"))
                .isEqualTo("UPDATE conversations_by_user");
        assertThat(InFlight.operation("DELETE FROM reactions USING TIMESTAMP ? WHERE conversation_id = ?"))
                .isEqualTo("DELETE reactions");
        assertThat(InFlight.operation("select text from edits where conversation_id = ?")).isEqualTo("SELECT edits");
    }

    @Test
    void should_fall_back_to_the_verb_when_the_query_names_no_table() {
        assertThat(InFlight.operation("BEGIN")).isEqualTo("BEGIN");
    }
}
