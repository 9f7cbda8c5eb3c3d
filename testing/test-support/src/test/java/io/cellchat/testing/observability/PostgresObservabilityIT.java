package io.cellchat.testing.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.platform.observability.Metrics;
import io.cellchat.platform.postgres.PostgresDataSources;
import io.cellchat.platform.postgres.PostgresHealth;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.PostgresNamespace;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL pool as the users service uses it, against a real server: HikariCP's meters reach the Prometheus
 * registry tagged with the pool's name, and the readiness check passes while the pool can reach the server and fails
 * once it cannot hand out a connection.
 */
@EngineTest
class PostgresObservabilityIT {

    @Test
    void should_export_pool_meters_and_check_readiness_through_the_pool(PostgresNamespace postgres) throws Exception {
        PrometheusMeterRegistry registry = Metrics.newRegistry("test");
        HikariDataSource dataSource = PostgresDataSources.open(postgres.settings(), "users", registry);
        HealthCheck check = PostgresHealth.check(dataSource, Duration.ofSeconds(2));
        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.isValid(2)).isTrue();
        }

        assertThat(check.name()).isEqualTo("postgres");
        assertThat(check.probe().getAsBoolean()).isTrue();
        String scrape = registry.scrape();
        assertThat(scrape).contains("hikaricp_connections{pool=\"users\",role=\"test\"}")
                .contains("hikaricp_connections_acquire_seconds_count{pool=\"users\",role=\"test\"}")
                .contains("hikaricp_connections_timeout_total{pool=\"users\",role=\"test\"}");

        dataSource.close();

        assertThatThrownBy(() -> check.probe().getAsBoolean()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(check.isHealthy()).isFalse();
    }
}
