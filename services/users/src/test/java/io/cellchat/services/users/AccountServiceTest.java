package io.cellchat.services.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.cellchat.domain.account.Principal;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.account.Session;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.id.HighWaterMark;
import io.cellchat.domain.id.Sleeper;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import io.cellchat.platform.inprocess.InProcessEventBus;
import io.cellchat.platform.sqlite.SqliteDatabase;
import io.cellchat.platform.sqlite.SqliteSettings;
import io.cellchat.services.users.password.Argon2idHasher;
import io.cellchat.services.users.store.sqlite.SqliteAccountStore;
import io.cellchat.testing.time.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The users service on the embedded store, cheap Argon2id settings and a clock the tests move. */
class AccountServiceTest {

    private static final Duration TTL = Duration.ofDays(30);
    private static final String PASSWORD = "correct horse battery";

    @TempDir
    Path folder;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-06-01T10:00:00Z"));
    private final List<Delivery> published = new CopyOnWriteArrayList<>();
    private SqliteDatabase database;
    private AccountService accounts;
    private EventBus.Subscription subscription;

    @BeforeEach
    void start() {
        database = SqliteDatabase.open(SqliteSettings.defaults(folder.resolve("users.db")), new SimpleMeterRegistry());
        EventBus bus = new InProcessEventBus();
        subscription = bus.subscribe(published::add);
        accounts = new AccountService(new SqliteAccountStore(database), bus,
                new Argon2idHasher(new Argon2idHasher.Settings(64, 1), new SecureRandom()),
                new SnowflakeIdGenerator(SnowflakeIdGenerator.Settings.of(0, 0), Clock.systemUTC(), Sleeper.system(),
                        HighWaterMark.inMemory()),
                clock, new SecureRandom(), TTL);
    }

    @AfterEach
    void stop() {
        subscription.close();
        database.close();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Registration
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_register_a_user_and_log_them_in_on_a_first_device() {
        Session session = accounts.register("Alice", PASSWORD, "  Alice Liddell ", "phone");

        assertThat(session.profile().username()).isEqualTo("alice");
        assertThat(session.profile().displayName()).isEqualTo("Alice Liddell");
        assertThat(session.principal().userId()).isEqualTo(session.profile().userId()).isPositive();
        assertThat(session.principal().deviceId()).isPositive().isNotEqualTo(session.principal().userId());
        assertThat(session.expiresAt()).isEqualTo(clock.instant().plus(TTL));
        assertThat(session.token()).isNotBlank().hasSizeGreaterThanOrEqualTo(43);
        assertThat(session.toString()).doesNotContain(session.token());
        assertThat(accounts.authenticate(session.token())).contains(session.principal());
        assertThat(accounts.profile(session.profile().userId())).contains(session.profile());
    }

    @Test
    void should_default_the_display_name_to_the_username() {
        Session session = accounts.register("bob_99", PASSWORD, "", null);

        assertThat(session.profile()).isEqualTo(new Profile(session.profile().userId(), "bob_99", "bob_99"));
    }

    @Test
    void should_refuse_a_username_taken_in_any_case() {
        accounts.register("alice", PASSWORD, "Alice", "phone");

        assertRefused(() -> accounts.register("ALICE", "another password", "Impostor", "laptop"),
                ChatError.USERNAME_TAKEN);
        assertRefused(() -> accounts.register("Alice", PASSWORD, "Alice again", "laptop"), ChatError.USERNAME_TAKEN);

        assertThat(accounts.login("alice", PASSWORD, "tablet").profile().displayName()).isEqualTo("Alice");
        assertRefused(() -> accounts.login("alice", "another password", "tablet"), ChatError.INVALID_CREDENTIALS);
    }

    @Test
    void should_refuse_an_invalid_registration_and_store_nothing() {
        assertRefused(() -> accounts.register("alice", "short", "Alice", "phone"), ChatError.INVALID_ARGUMENT);
        assertRefused(() -> accounts.register("a", PASSWORD, "Alice", "phone"), ChatError.INVALID_ARGUMENT);
        assertRefused(() -> accounts.register("al ice", PASSWORD, "Alice", "phone"), ChatError.INVALID_ARGUMENT);
        assertRefused(() -> accounts.register("alice", PASSWORD, "x".repeat(65), "phone"), ChatError.INVALID_ARGUMENT);

        assertRefused(() -> accounts.login("alice", "short", "phone"), ChatError.INVALID_CREDENTIALS);
        assertThat(accounts.register("alice", PASSWORD, "Alice", "phone").profile().username()).isEqualTo("alice");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Login, logout, authentication
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_log_in_with_the_right_password_as_a_new_device() {
        Session phone = accounts.register("alice", PASSWORD, "Alice", "phone");

        Session laptop = accounts.login("ALICE", PASSWORD, "laptop");

        assertThat(laptop.principal().userId()).isEqualTo(phone.principal().userId());
        assertThat(laptop.principal().deviceId()).isNotEqualTo(phone.principal().deviceId());
        assertThat(laptop.token()).isNotEqualTo(phone.token());
        assertThat(laptop.profile()).isEqualTo(phone.profile());
        assertThat(accounts.authenticate(phone.token())).contains(phone.principal());
        assertThat(accounts.authenticate(laptop.token())).contains(laptop.principal());
    }

    @Test
    void should_refuse_a_wrong_password_and_an_unknown_user_alike() {
        accounts.register("alice", PASSWORD, "Alice", "phone");

        ChatException wrongPassword = assertRefused(() -> accounts.login("alice", "wrong password", "laptop"),
                ChatError.INVALID_CREDENTIALS);
        ChatException unknownUser = assertRefused(() -> accounts.login("nobody", PASSWORD, "laptop"),
                ChatError.INVALID_CREDENTIALS);
        ChatException invalidName = assertRefused(() -> accounts.login("x", PASSWORD, "laptop"),
                ChatError.INVALID_CREDENTIALS);
        assertRefused(() -> accounts.login("alice", null, "laptop"), ChatError.INVALID_CREDENTIALS);
        assertRefused(() -> accounts.login(null, PASSWORD, "laptop"), ChatError.INVALID_CREDENTIALS);

        assertThat(unknownUser.getMessage()).isEqualTo(wrongPassword.getMessage());
        assertThat(invalidName.getMessage()).isEqualTo(wrongPassword.getMessage());
    }

    @Test
    void should_end_a_session_on_logout_and_tell_its_device() {
        Session phone = accounts.register("alice", PASSWORD, "Alice", "phone");
        Session laptop = accounts.login("alice", PASSWORD, "laptop");

        assertThat(accounts.logout(phone.token())).contains(phone.principal());

        assertThat(accounts.authenticate(phone.token())).isEmpty();
        assertThat(accounts.authenticate(laptop.token())).contains(laptop.principal());
        assertThat(published).containsExactly(new Delivery(Set.of(phone.principal().userId()),
                new Push.SessionEnded(phone.principal().deviceId())));
    }

    @Test
    void should_ignore_a_logout_of_an_ended_or_unknown_token() {
        Session phone = accounts.register("alice", PASSWORD, "Alice", "phone");
        accounts.logout(phone.token());

        assertThat(accounts.logout(phone.token())).isEmpty();
        assertThat(accounts.logout("never issued")).isEmpty();
        assertThat(accounts.logout("")).isEmpty();
        assertThat(accounts.logout(null)).isEmpty();

        assertThat(published).hasSize(1);
    }

    @Test
    void should_expire_a_session_after_its_time_to_live() {
        Session session = accounts.register("alice", PASSWORD, "Alice", "phone");

        clock.advance(TTL.minusMillis(1));
        assertThat(accounts.authenticate(session.token())).contains(session.principal());

        clock.advance(Duration.ofMillis(1));
        assertThat(accounts.authenticate(session.token())).isEmpty();

        Session again = accounts.login("alice", PASSWORD, "phone");
        assertThat(again.expiresAt()).isEqualTo(clock.instant().plus(TTL));
        assertThat(accounts.authenticate(again.token())).contains(again.principal());
    }

    @Test
    void should_not_authenticate_tokens_never_issued() {
        Session session = accounts.register("alice", PASSWORD, "Alice", "phone");

        assertThat(accounts.authenticate(null)).isEmpty();
        assertThat(accounts.authenticate("")).isEmpty();
        assertThat(accounts.authenticate(session.token() + "x")).isEmpty();
        assertThat(accounts.authenticate(session.token().substring(1))).isEmpty();
        assertThat(accounts.authenticate("x".repeat(10_000))).isEmpty();
    }

    @Test
    void should_store_the_token_only_as_its_hash_and_the_password_only_as_argon2id() throws Exception {
        Session session = accounts.register("alice", PASSWORD, "Alice", "phone");
        byte[] tokenText = session.token().getBytes(StandardCharsets.UTF_8);
        byte[] tokenSecret = Base64.getUrlDecoder().decode(session.token());

        List<Object> sessionValues = values("SELECT * FROM sessions");
        List<Object> userValues = values("SELECT * FROM users");

        assertThat(sessionValues).isNotEmpty();
        for (Object value : sessionValues) {
            if (value instanceof byte[] bytes) {
                assertThat(contains(bytes, tokenText)).as("a column holds the token's text").isFalse();
                assertThat(contains(bytes, tokenSecret)).as("a column holds the token's secret bytes").isFalse();
            } else if (value != null) {
                assertThat(value.toString()).doesNotContain(session.token());
            }
        }
        assertThat(sessionValues).anySatisfy(value -> assertThat(value)
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(tokenText)));
        assertThat(userValues).noneSatisfy(value -> assertThat(String.valueOf(value)).contains(PASSWORD));
        assertThat(userValues).anySatisfy(value -> assertThat(String.valueOf(value)).startsWith("$argon2id$v=19$"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Profiles and search
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_search_users_by_prefix_of_username_or_display_name() {
        Profile alice = accounts.register("alice", PASSWORD, "Alice", "phone").profile();
        Profile alicia = accounts.register("alicia", PASSWORD, "Alicia", "phone").profile();
        Profile bob = accounts.register("bob", PASSWORD, "Ali Baba", "phone").profile();

        assertThat(accounts.search("  ALI ", 10)).containsExactly(alice, alicia, bob);
        assertThat(accounts.search("alic", 10)).containsExactly(alice, alicia);
        assertThat(accounts.search("ali", 0)).as("limit raised to 1").containsExactly(alice);
        assertThat(accounts.search("   ", 10)).isEmpty();
        assertThat(accounts.search(null, 10)).isEmpty();
        assertThat(accounts.profiles(List.of(alice.userId(), bob.userId(), 42L)))
                .containsOnlyKeys(alice.userId(), bob.userId());
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static ChatException assertRefused(ThrowingCallable call, ChatError error) {
        ChatException[] thrown = new ChatException[1];
        assertThatExceptionOfType(ChatException.class).isThrownBy(call).satisfies(e -> {
            assertThat(e.error()).as(e.getMessage()).isEqualTo(error);
            thrown[0] = e;
        });
        return thrown[0];
    }

    /** Every value of every row and column a query returns. */
    private List<Object> values(String query) {
        return database.read(connection -> {
            List<Object> values = new ArrayList<>();
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
                ResultSetMetaData meta = rows.getMetaData();
                while (rows.next()) {
                    for (int column = 1; column <= meta.getColumnCount(); column++) {
                        values.add(rows.getObject(column));
                    }
                }
            }
            return values;
        });
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
