package io.cellchat.testing.engines;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import io.cellchat.platform.postgres.PostgresDataSources;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

@EngineTest
class PostgresEngineIT {

    @Test
    void should_read_back_a_row_from_its_own_database_on_the_real_server(PostgresNamespace postgres) throws Exception {
        try (HikariDataSource dataSource = PostgresDataSources.open(postgres.settings(), "test");
                Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE users (id bigint PRIMARY KEY, username text NOT NULL UNIQUE)");
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO users VALUES (?, ?)")) {
                insert.setLong(1, 42);
                insert.setString(2, "alice");
                insert.executeUpdate();
            }
            try (Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery(
                            "SELECT username, current_database(), split_part(version(), ' ', 2) FROM users")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("alice");
                assertThat(rows.getString(2)).isEqualTo(postgres.database());
                assertThat(rows.getString(3)).startsWith("15.");
            }
        }
    }
}
