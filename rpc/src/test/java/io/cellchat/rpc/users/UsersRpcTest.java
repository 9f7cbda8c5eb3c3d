package io.cellchat.rpc.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.linecorp.armeria.server.Server;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.account.Session;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.rpc.RpcServers;
import io.cellchat.rpc.RpcSettings;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The users API end to end over a real Armeria gRPC server on a free loopback port, with the client that implements
 * {@link io.cellchat.domain.account.Accounts}: answers, refusals, and what a caller gets when the users role is down
 * or hangs.
 */
class UsersRpcTest {

    /** What the down and hang tests give the client; the others allow more, for a first call on a busy machine. */
    private static final Duration DEADLINE = Duration.ofMillis(500);

    private static final FakeAccounts accounts = new FakeAccounts();
    private static Server server;
    private GrpcAccounts client;

    @BeforeAll
    static void startTheUsersRole() {
        server = start(accounts);
    }

    @AfterAll
    static void stopIt() {
        server.stop().join();
    }

    private static Server start(FakeAccounts accounts) {
        Server started = Server.builder()
                .http(0)
                .gracefulShutdownTimeoutMillis(0, 0)
                .service(RpcServers.service(new UsersGrpcService(accounts)))
                .build();
        started.start().join();
        return started;
    }

    @BeforeEach
    void connect() {
        accounts.failure = null;
        accounts.profileCalls = 0;
        client = client(server, Duration.ofSeconds(20));
    }

    @AfterEach
    void release() {
        CountDownLatch hang = accounts.hang;
        accounts.hang = null;
        if (hang != null) {
            hang.countDown();
        }
    }

    private static GrpcAccounts client(Server server, Duration deadline) {
        return new GrpcAccounts(new RpcSettings(URI.create("http://127.0.0.1:" + server.activeLocalPort()), deadline));
    }

    @Test
    void should_authenticate_a_token_through_the_users_role() {
        assertThat(client.authenticate("alice-token")).contains(FakeAccounts.ALICE);
        assertThat(client.authenticate("someone-else")).isEmpty();
        assertThat(client.authenticate("")).isEmpty();
    }

    @Test
    void should_return_profiles_search_results_sessions_and_logouts() {
        assertThat(client.profiles(List.of(42L))).containsExactlyEntriesOf(Map.of(42L, FakeAccounts.ALICE_PROFILE));
        assertThat(client.profile(42)).contains(FakeAccounts.ALICE_PROFILE);
        assertThat(client.search("ali", 10)).containsExactly(FakeAccounts.ALICE_PROFILE);

        Session session = client.register("bob", "correct horse", "", "phone");

        assertThat(session.token()).isEqualTo("new-token");
        assertThat(session.principal().deviceId()).isEqualTo(701);
        assertThat(session.expiresAt()).isEqualTo(Instant.ofEpochMilli(1_800_000_000_000L));
        assertThat(session.profile()).isEqualTo(new Profile(7, "bob", "bob"));
        assertThat(client.logout("alice-token")).contains(FakeAccounts.ALICE);
        assertThat(client.logout("unknown")).isEmpty();
    }

    @Test
    void should_ask_for_many_profiles_in_chunks_of_the_servers_limit() {
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= 4_500; id++) {
            ids.add(id);
        }

        Map<Long, Profile> profiles = client.profiles(ids);

        assertThat(profiles).hasSize(4_500);
        assertThat(accounts.profileCalls).isEqualTo(3);
    }

    @Test
    void should_carry_a_refusal_with_its_stable_code_and_message() {
        ChatException taken = catchThrowableOfType(ChatException.class,
                () -> client.register("alice", "correct horse", "Alice", "phone"));
        ChatException wrong = catchThrowableOfType(ChatException.class,
                () -> client.login("alice", "wrong", "phone"));

        assertThat(taken.error()).isEqualTo(ChatError.USERNAME_TAKEN);
        assertThat(taken.getMessage()).isEqualTo("username: alice is taken");
        assertThat(wrong.error()).isEqualTo(ChatError.INVALID_CREDENTIALS);
    }

    @Test
    void should_hide_an_unexpected_failure_of_the_users_role() {
        accounts.failure = new IllegalStateException("the database is on fire");

        ChatException failed = catchThrowableOfType(ChatException.class, () -> client.authenticate("alice-token"));

        assertThat(failed.error()).isEqualTo(ChatError.INTERNAL);
        assertThat(failed.getMessage()).doesNotContain("fire");
    }

    @Test
    void should_answer_unavailable_at_once_when_the_users_role_is_stopped() {
        Server own = start(new FakeAccounts());
        GrpcAccounts client = client(own, DEADLINE);
        assertThat(client.authenticate("alice-token")).isPresent();
        own.stop().join();

        long start = System.nanoTime();
        ChatException down = catchThrowableOfType(ChatException.class, () -> client.authenticate("alice-token"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(down.error()).isEqualTo(ChatError.UNAVAILABLE);
        assertThat(down.error().retriable()).isTrue();
        assertThat(down.getMessage()).isEqualTo("users service is unreachable; try again");
        assertThat(took).isLessThanOrEqualTo(DEADLINE.plusMillis(500));
    }

    @Test
    void should_answer_unavailable_after_the_deadline_when_the_users_role_hangs() {
        assertThat(client.authenticate("alice-token")).as("warm").isPresent();
        GrpcAccounts client = client(server, DEADLINE);
        accounts.hang = new CountDownLatch(1);

        long start = System.nanoTime();
        ChatException late = catchThrowableOfType(ChatException.class, () -> client.profiles(List.of(42L)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(late.error()).isEqualTo(ChatError.UNAVAILABLE);
        assertThat(late.getMessage()).isEqualTo("users service did not answer in time; try again");
        assertThat(took).isBetween(DEADLINE.minusMillis(50), DEADLINE.plusSeconds(1));
    }

    @Test
    void should_refuse_an_address_that_is_not_an_http_url() {
        assertThatThrownBy(() -> new RpcSettings(URI.create("users:8090"), DEADLINE))
                .hasMessage("address: 'users:8090' (expected: http://host:port or https://host:port)");
    }
}
