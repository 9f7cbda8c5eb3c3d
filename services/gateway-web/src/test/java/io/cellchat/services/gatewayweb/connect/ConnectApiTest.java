package io.cellchat.services.gatewayweb.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.BlockingWebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.ServerBuilder;
import io.cellchat.domain.account.Principal;
import io.cellchat.domain.partition.PartitionHash;
import io.cellchat.domain.partition.RoutingTable;
import io.cellchat.platform.inprocess.InMemoryRoutingTable;
import io.cellchat.platform.server.BearerAuth;
import io.cellchat.testing.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code GET /api/v1/connect} over a real Armeria server, on the in-memory routing table. */
class ConnectApiTest {

    private static final int PARTITIONS = 16;
    /** A user whose partition of 16 is 12 (docs/design/ids.md), not 0, which proto3 JSON would leave out. */
    private static final long ALICE = 1;
    private static final int ALICES_PARTITION = PartitionHash.partitionOf(ALICE, PARTITIONS);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-27T10:00:00Z"));
    private final InMemoryRoutingTable table = new InMemoryRoutingTable(clock);
    private final BearerAuth auth = new BearerAuth(token -> "alice-token".equals(token)
            ? Optional.of(new Principal(ALICE, 4201))
            : Optional.empty());
    private Server server;

    private BlockingWebClient start(RoutingTable routes) {
        ServerBuilder builder = Server.builder().http(0).gracefulShutdownTimeoutMillis(0, 0);
        new ConnectApi(auth, routes, PARTITIONS).addRoute(builder);
        server = builder.build();
        server.start().join();
        return BlockingWebClient.of("http://127.0.0.1:" + server.activeLocalPort());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop().join();
        }
    }

    private static AggregatedHttpResponse connect(BlockingWebClient client, String token) {
        return client.prepare().get("/api/v1/connect").header(HttpHeaderNames.AUTHORIZATION, "Bearer " + token)
                .execute();
    }

    @Test
    void should_send_a_client_to_the_server_that_owns_its_partition() {
        BlockingWebClient client = start(table);
        table.publish("http://10.0.0.7:8080", 3, Set.of(ALICES_PARTITION), Duration.ofMinutes(1));

        AggregatedHttpResponse response = connect(client, "alice-token");

        assertThat(response.status()).isEqualTo(HttpStatus.OK);
        assertThat(response.contentUtf8()).isEqualTo(
                "{\"url\":\"ws://10.0.0.7:8080/ws/v1\",\"partition\":12}");
    }

    @Test
    void should_follow_the_partition_to_its_new_owner() {
        BlockingWebClient client = start(table);
        table.publish("http://10.0.0.7:8080", 3, Set.of(ALICES_PARTITION), Duration.ofMinutes(1));
        table.publish("https://10.0.0.8:8443", 4, Set.of(ALICES_PARTITION), Duration.ofMinutes(1));

        assertThat(connect(client, "alice-token").contentUtf8()).contains("\"url\":\"wss://10.0.0.8:8443/ws/v1\"");
    }

    @Test
    void should_answer_503_with_retry_after_while_no_server_owns_the_partition() {
        BlockingWebClient client = start(table);
        table.publish("http://10.0.0.7:8080", 3, Set.of(ALICES_PARTITION), Duration.ofMinutes(1));
        clock.advance(Duration.ofMinutes(2));

        AggregatedHttpResponse response = connect(client, "alice-token");

        assertThat(response.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
        assertThat(response.contentUtf8()).contains("\"code\":\"UNAVAILABLE\"")
                .contains("no messaging server owns partition " + ALICES_PARTITION);
    }

    @Test
    void should_answer_503_when_the_routing_table_cannot_be_read() {
        BlockingWebClient client = start(new RoutingTable() {
            @Override
            public Set<Integer> publish(String address, long epoch, Set<Integer> partitions, Duration ttl) {
                throw new IllegalStateException("redis down");
            }

            @Override
            public void withdraw(String address, long epoch, Set<Integer> partitions) {
                throw new IllegalStateException("redis down");
            }

            @Override
            public Optional<Route> route(int partition) {
                throw new IllegalStateException("redis down");
            }

            @Override
            public Watch watch(IntConsumer listener) {
                throw new IllegalStateException("redis down");
            }
        });

        AggregatedHttpResponse response = connect(client, "alice-token");

        assertThat(response.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(response.contentUtf8()).contains("routing table cannot be read").doesNotContain("redis down");
    }

    @Test
    void should_refuse_a_caller_without_a_valid_token() {
        BlockingWebClient client = start(table);

        assertThat(connect(client, "stolen").status()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(client.get("/api/v1/connect").status()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void should_turn_a_server_address_into_its_websocket_url() {
        assertThat(ConnectApi.webSocketUrl("http://host:8080")).isEqualTo("ws://host:8080/ws/v1");
        assertThat(ConnectApi.webSocketUrl("https://[::1]:8443")).isEqualTo("wss://[::1]:8443/ws/v1");
        assertThat(ConnectApi.webSocketUrl("host:8080")).isNull();
    }
}
