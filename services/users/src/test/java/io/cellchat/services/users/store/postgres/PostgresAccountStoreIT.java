package io.cellchat.services.users.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.cellchat.domain.account.AccountRules;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.platform.postgres.PostgresDataSources;
import io.cellchat.platform.postgres.PostgresSettings;
import io.cellchat.services.users.store.AccountStore;
import io.cellchat.services.users.store.AccountStore.Refreshed;
import io.cellchat.services.users.store.AccountStore.UserRecord;
import io.cellchat.services.users.store.AccountStoreContract;
import io.cellchat.testing.engines.EngineTest;
import io.cellchat.testing.engines.PostgresNamespace;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The account store contract on the real PostgreSQL 15, in a database of this class's own; the migrations run on
 * first open and are a no-op on every later one. Also: refreshes racing from two stores on two pools (two users-role
 * processes) rotate a token once, and search goes through the trigram indexes.
 */
@EngineTest
class PostgresAccountStoreIT extends AccountStoreContract {

    private final PostgresNamespace namespace;
    private HikariDataSource dataSource;
    private PostgresAccountStore postgres;

    PostgresAccountStoreIT(PostgresNamespace namespace) {
        this.namespace = namespace;
    }

    @Override
    protected AccountStore openStore() {
        dataSource = PostgresDataSources.open(namespace.settings(), "users-test");
        postgres = new PostgresAccountStore(dataSource, 4);
        return postgres;
    }

    @Override
    protected void closeStore() {
        postgres.close();
        dataSource.close();
    }

    @Test
    void should_apply_the_migrations_once() {
        assertThat(PostgresDataSources.migrate(dataSource, "users")).isZero();
    }

    /**
     * While no connection can be had (here both of a pool's are held, as when PostgreSQL does not answer), a
     * read and a write fail after {@code postgres.connection-timeout} as the retryable {@code UNAVAILABLE}, writes
     * beyond the queue's bound are refused at once, and once a connection is free again the store goes on.
     */
    @Test
    void should_answer_unavailable_while_no_connection_can_be_had_and_bound_the_writes_waiting() throws Exception {
        UserRecord alice = user(1, "alice", "Alice");
        written(store.insertUser(alice));
        // Two connections: the migrations at open take two (Flyway's lock and its work).
        PostgresSettings two = new PostgresSettings(namespace.settings().jdbcUrl(), namespace.settings().user(),
                namespace.settings().password(), 2, Duration.ofSeconds(1));
        try (HikariDataSource twoPool = PostgresDataSources.open(two, "users-test-two");
                PostgresAccountStore starved = new PostgresAccountStore(twoPool, 1)) {
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            try (Connection held = twoPool.getConnection(); Connection alsoHeld = twoPool.getConnection()) {
                assertThatThrownBy(() -> starved.user(alice.id())).isInstanceOfSatisfying(ChatException.class,
                        e -> assertThat(e.error()).isEqualTo(ChatError.UNAVAILABLE));
                for (int i = 0; i < 12; i++) { // one running, ten waiting, one refused
                    writes.add(starved.updatePassword(alice.id(), "hash-" + i));
                }
                assertThat(writes.getLast()).isCompletedExceptionally();
                ChatException full = refused(writes.getLast());
                assertThat(full.error()).isEqualTo(ChatError.UNAVAILABLE);
                assertThat(full).hasMessage("users store: too many writes waiting; try again");
                ChatException timedOut = refused(writes.getFirst());
                assertThat(timedOut.error()).isEqualTo(ChatError.UNAVAILABLE);
                assertThat(timedOut).hasMessage(
                        "users store write: the database cannot be reached now; try again");
            }
            writes.forEach(write -> write.handle((ok, error) -> null).join());
            written(starved.updatePassword(alice.id(), "hash-after"));
            assertThat(starved.user(alice.id())).hasValueSatisfying(
                    user -> assertThat(user.passwordHash()).isEqualTo("hash-after"));
        }
    }

    @Test
    void should_rotate_exactly_once_when_two_processes_refresh_one_token_at_the_same_time() {
        UserRecord alice = user(1, "alice", "Alice");
        written(store.insertUser(alice));
        Instant later = now.plus(Duration.ofMinutes(20));
        int devices = 10;
        try (HikariDataSource otherPool = PostgresDataSources.open(namespace.settings(), "users-test-other");
                PostgresAccountStore other = new PostgresAccountStore(otherPool, 4)) {
            List<CompletableFuture<Refreshed>> here = new ArrayList<>();
            List<CompletableFuture<Refreshed>> there = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                written(store.insertDevice(device(alice, 200 + i, "device " + i), tokens("access-" + i,
                        "refresh-" + i)));
            }
            for (int i = 0; i < devices; i++) {
                here.add(store.refresh(sha256("refresh-" + i), tokens("here-a-" + i, "here-r-" + i, later), later,
                        "192.0.2.1"));
                there.add(other.refresh(sha256("refresh-" + i), tokens("there-a-" + i, "there-r-" + i, later),
                        later, "192.0.2.2"));
            }

            for (int i = 0; i < devices; i++) {
                List<Refreshed> outcomes = List.of(written(here.get(i)), written(there.get(i)));
                assertThat(outcomes).as("device %d", i).filteredOn(Refreshed.Rotated.class::isInstance).hasSize(1);
                assertThat(outcomes).as("device %d", i)
                        .contains(new Refreshed.Reused(alice.id(), idBase + 50_200 + i));
            }
        }
        assertThat(store.devices(alice.id())).isEmpty();
    }

    @Test
    void should_search_username_prefixes_and_display_names_through_the_trigram_indexes() throws Exception {
        String key = AccountRules.searchKey(prefix);
        try (Connection connection = dataSource.getConnection(); Statement session = connection.createStatement()) {
            session.execute("SET enable_seqscan = off");
            try (PreparedStatement explain = connection.prepareStatement("EXPLAIN SELECT id FROM users u"
                    + " WHERE u.username_key LIKE ? OR u.name_key LIKE ?")) {
                explain.setString(1, key + "%");
                explain.setString(2, "%" + key + "%");
                StringBuilder plan = new StringBuilder();
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        plan.append(rows.getString(1)).append('\n');
                    }
                }
                assertThat(plan.toString()).contains("users_username_key_trgm").contains("users_name_key_trgm");
            }
        }
    }
}
