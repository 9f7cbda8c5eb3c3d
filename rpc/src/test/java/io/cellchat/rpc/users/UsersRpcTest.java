package io.cellchat.rpc.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.linecorp.armeria.server.Server;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.social.PrivacySettings;
import io.cellchat.domain.social.Tie;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.rpc.RpcServers;
import io.cellchat.rpc.RpcSettings;
import java.net.URI;
import java.time.Duration;
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
 * {@link io.cellchat.domain.account.Identities} and the one for {@link io.cellchat.domain.social.SocialGraph}: answers, refusals, and what a caller gets when the users role is down
 * or hangs.
 */
class UsersRpcTest {

    /** What the hang test gives the client; the others allow more, for a first call on a busy machine. */
    private static final Duration DEADLINE = Duration.ofMillis(500);
    /**
     * How long after its deadline a timed-out call may end on a loaded CI machine (its timer and the thread that maps
     * the failure may wait for a core); far below the 10 s Armeria would wait by default, so a missing deadline fails.
     */
    private static final Duration LATE = Duration.ofSeconds(4);

    private static final FakeUsers users = new FakeUsers();
    private static Server server;
    private GrpcIdentities client;
    private GrpcSocialGraph graph;

    @BeforeAll
    static void startTheUsersRole() {
        server = start(users);
    }

    @AfterAll
    static void stopIt() {
        server.stop().join();
    }

    private static Server start(FakeUsers users) {
        Server started = Server.builder()
                .http(0)
                .gracefulShutdownTimeoutMillis(0, 0)
                .service(RpcServers.service(new UsersGrpcService(users, users)))
                .build();
        started.start().join();
        return started;
    }

    @BeforeEach
    void connect() {
        users.failure = null;
        users.calls = 0;
        client = client(server, Duration.ofSeconds(20));
        graph = new GrpcSocialGraph(settings(server, Duration.ofSeconds(20)));
    }

    @AfterEach
    void release() {
        CountDownLatch hang = users.hang;
        users.hang = null;
        if (hang != null) {
            hang.countDown();
        }
    }

    private static GrpcIdentities client(Server server, Duration deadline) {
        return new GrpcIdentities(settings(server, deadline));
    }

    private static RpcSettings settings(Server server, Duration deadline) {
        return new RpcSettings(URI.create("http://127.0.0.1:" + server.activeLocalPort()), deadline);
    }

    @Test
    void should_authenticate_a_token_through_the_users_role() {
        assertThat(client.authenticate("alice-token")).contains(FakeUsers.ALICE);
        assertThat(client.authenticate("someone-else")).isEmpty();
        assertThat(client.authenticate("")).isEmpty();
    }

    @Test
    void should_return_whole_profiles_through_the_users_role() {
        assertThat(client.profiles(List.of(42L))).containsExactlyEntriesOf(Map.of(42L, FakeUsers.ALICE_PROFILE));
        assertThat(client.profile(42)).contains(FakeUsers.ALICE_PROFILE);
    }

    @Test
    void should_carry_ties_and_privacy_settings_both_ways() {
        Map<Long, Tie> ties = graph.ties(42, List.of(7L, 8L, 9L));
        Map<Long, Tie> audience = graph.audience(42, List.of(7L, 9L));

        assertThat(ties).containsOnly(Map.entry(7L, new Tie(true, false, false, FakeUsers.SEVENS_SETTINGS)),
                Map.entry(8L, new Tie(false, false, true, PrivacySettings.DEFAULTS)), Map.entry(9L, Tie.STRANGERS));
        assertThat(audience).containsOnly(Map.entry(7L, new Tie(true, false, false, FakeUsers.SEVENS_SETTINGS)),
                Map.entry(9L, Tie.STRANGERS));
        assertThat(graph.ties(42, List.of())).isEmpty();
    }

    @Test
    void should_ask_for_many_profiles_in_chunks_of_the_servers_limit() {
        List<Long> ids = new ArrayList<>();
        for (long id = 1; id <= 4_500; id++) {
            ids.add(id);
        }

        Map<Long, Profile> profiles = client.profiles(ids);

        assertThat(profiles).hasSize(4_500);
        assertThat(users.calls).isEqualTo(3);
    }

    @Test
    void should_carry_a_refusal_with_its_stable_code_and_message() {
        users.failure = new ChatException(ChatError.INVALID_ARGUMENT, "viewer: 0 (expected: a user ID)");

        ChatException refused = catchThrowableOfType(ChatException.class, () -> graph.ties(0, List.of(7L)));

        assertThat(refused.error()).isEqualTo(ChatError.INVALID_ARGUMENT);
        assertThat(refused.getMessage()).isEqualTo("viewer: 0 (expected: a user ID)");
    }

    @Test
    void should_hide_an_unexpected_failure_of_the_users_role() {
        users.failure = new IllegalStateException("the database is on fire");

        ChatException failed = catchThrowableOfType(ChatException.class, () -> client.authenticate("alice-token"));

        assertThat(failed.error()).isEqualTo(ChatError.INTERNAL);
        assertThat(failed.getMessage()).doesNotContain("fire");
    }

    @Test
    void should_answer_unavailable_at_once_when_the_users_role_is_stopped() {
        Server own = start(new FakeUsers());
        // A long deadline: "at once" means the refused connection answers, well before the deadline could.
        Duration deadline = Duration.ofSeconds(20);
        GrpcIdentities client = client(own, deadline);
        assertThat(client.authenticate("alice-token")).isPresent();
        own.stop().join();

        long start = System.nanoTime();
        ChatException down = catchThrowableOfType(ChatException.class, () -> client.authenticate("alice-token"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(down.error()).isEqualTo(ChatError.UNAVAILABLE);
        assertThat(down.error().retriable()).isTrue();
        assertThat(down.getMessage()).isEqualTo("users service is unreachable; try again");
        assertThat(took).as("answered by the refusal, not by waiting out the deadline")
                .isLessThan(deadline.dividedBy(4));
    }

    @Test
    void should_answer_unavailable_after_the_deadline_when_the_users_role_hangs() {
        assertThat(client.authenticate("alice-token")).as("warm").isPresent();
        GrpcIdentities client = client(server, DEADLINE);
        users.hang = new CountDownLatch(1);

        long start = System.nanoTime();
        ChatException late = catchThrowableOfType(ChatException.class, () -> client.profiles(List.of(42L)));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(late.error()).isEqualTo(ChatError.UNAVAILABLE);
        assertThat(late.getMessage()).isEqualTo("users service did not answer in time; try again");
        assertThat(took).isBetween(DEADLINE.minusMillis(50), DEADLINE.plus(LATE));
    }

    @Test
    void should_refuse_an_address_that_is_not_an_http_url() {
        assertThatThrownBy(() -> new RpcSettings(URI.create("users:8090"), DEADLINE))
                .hasMessage("address: 'users:8090' (expected: http://host:port or https://host:port)");
    }
}
