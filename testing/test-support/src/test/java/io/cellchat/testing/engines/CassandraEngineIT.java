package io.cellchat.testing.engines;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.cellchat.platform.cassandra.CassandraSessions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

@EngineTest
class CassandraEngineIT {

    @Test
    void should_read_back_rows_clustered_by_sequence_from_the_real_node(CassandraNamespace cassandra) {
        try (CqlSession session = CassandraSessions.open(cassandra.settings())) {
            session.execute(SimpleStatement.newInstance("CREATE TABLE messages (conversation text, seq bigint,"
                    + " body text, PRIMARY KEY ((conversation), seq)) WITH CLUSTERING ORDER BY (seq DESC)")
                    .setTimeout(Duration.ofSeconds(30))); // schema agreement can outlast the default 2 s under load
            PreparedStatement insert = session.prepare("INSERT INTO messages (conversation, seq, body) VALUES (?, ?, ?)");
            for (long seq = 1; seq <= 3; seq++) {
                session.execute(insert.bind("c1", seq, "hello " + seq));
            }

            List<Row> rows = session.execute("SELECT seq, body FROM messages WHERE conversation = 'c1'").all();

            assertThat(rows).extracting(row -> row.getLong("seq")).containsExactly(3L, 2L, 1L);
            assertThat(rows).extracting(row -> row.getString("body")).containsExactly("hello 3", "hello 2", "hello 1");
            assertThat(session.execute("SELECT release_version FROM system.local").one().getString(0))
                    .startsWith("5.0");
        }
    }
}
