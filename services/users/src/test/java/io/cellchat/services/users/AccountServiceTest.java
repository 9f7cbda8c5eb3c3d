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
import io.cellchat.domain.account.Device;
import io.cellchat.domain.account.SearchPage;
import io.cellchat.platform.inprocess.InMemoryRateLimits;
import io.cellchat.services.users.auth.AuthSettings;
import io.cellchat.services.users.auth.Throttle;
import io.cellchat.services.users.auth.TokenMint;
import io.cellchat.services.users.password.Argon2idHasher;
import io.cellchat.services.users.store.AccountStore;
import io.cellchat.services.users.store.sqlite.SqliteAccountStore;
import io.cellchat.testing.time.ManualClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
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
import org.jspecify.annotations.Nullable;

/** The users service on the embedded store, cheap Argon2id settings and a clock the tests move. */
class AccountServiceTest {

    private static final AuthSettings SETTINGS = new AuthSettings(Duration.ofMinutes(15), Duration.ofDays(30),
            AuthSettings.loginPerAccount(30, 5), AuthSettings.loginPerAddress(300, 20),
            AuthSettings.registerPerAddress(30, 10), AuthSettings.searchPerUser(60, 20),
            AuthSettings.avatarUploadsPerUser(30, 10));
    private static final Duration ACCESS_TTL = SETTINGS.accessTtl();
    private static final Duration REFRESH_TTL = SETTINGS.refreshTtl();
    private static final String PASSWORD = "correct horse battery";
    private static final String HOME = "192.0.2.1";

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
                new Throttle(new InMemoryRateLimits(clock)),
                new SnowflakeIdGenerator(SnowflakeIdGenerator.Settings.of(0, 0), Clock.systemUTC(), Sleeper.system(),
                        HighWaterMark.inMemory()),
                clock, new TokenMint(new SecureRandom()), SETTINGS);
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
        Session session = register("Alice", "  Alice Liddell ", "phone");

        assertThat(session.profile().username()).isEqualTo("alice");
        assertThat(session.profile().displayName()).isEqualTo("Alice Liddell");
        assertThat(session.principal().userId()).isEqualTo(session.profile().userId()).isPositive();
        assertThat(session.principal().deviceId()).isPositive().isNotEqualTo(session.principal().userId());
        assertThat(session.expiresAt()).isEqualTo(clock.instant().plus(ACCESS_TTL));
        assertThat(session.refreshExpiresAt()).isEqualTo(clock.instant().plus(REFRESH_TTL));
        assertThat(session.token()).isNotBlank().hasSizeGreaterThanOrEqualTo(43);
        assertThat(session.refreshToken()).hasSizeGreaterThanOrEqualTo(43).isNotEqualTo(session.token());
        assertThat(session.toString()).doesNotContain(session.token()).doesNotContain(session.refreshToken());
        assertThat(accounts.authenticate(session.token())).contains(session.principal());
        assertThat(accounts.authenticate(session.refreshToken())).as("a refresh token is no access token").isEmpty();
        assertThat(accounts.profile(session.profile().userId())).contains(session.profile());
    }

    @Test
    void should_default_the_display_name_to_the_username_and_the_device_name() {
        Session session = accounts.register("bob_99", PASSWORD, "", null, HOME);

        assertThat(session.profile()).isEqualTo(new Profile(session.profile().userId(), "bob_99", "bob_99"));
        assertThat(accounts.devices(session.principal())).extracting(Device::name).containsExactly("first device");
    }

    @Test
    void should_refuse_a_username_taken_in_any_case() {
        register("alice", "Alice", "phone");

        assertRefused(() -> accounts.register("ALICE", "a completely different secret 42", "Impostor", "laptop", HOME),
                ChatError.USERNAME_TAKEN);
        assertRefused(() -> register("Alice", "Alice again", "laptop"), ChatError.USERNAME_TAKEN);

        assertThat(login("alice", PASSWORD).profile().displayName()).isEqualTo("Alice");
        assertRefused(() -> login("alice", "a completely different secret 42"), ChatError.INVALID_CREDENTIALS);
    }

    @Test
    void should_refuse_an_invalid_registration_and_store_nothing() {
        assertRefused(() -> accounts.register("alice", "short", "Alice", "phone", HOME), ChatError.INVALID_ARGUMENT);
        assertRefused(() -> register("a", "Alice", "phone"), ChatError.INVALID_ARGUMENT);
        assertRefused(() -> register("al ice", "Alice", "phone"), ChatError.INVALID_ARGUMENT);
        assertRefused(() -> register("alice", "x".repeat(65), "phone"), ChatError.INVALID_ARGUMENT);

        assertRefused(() -> login("alice", "short"), ChatError.INVALID_CREDENTIALS);
        assertThat(register("alice", "Alice", "phone").profile().username()).isEqualTo("alice");
    }

    @Test
    void should_refuse_guessable_passwords_and_the_username_as_password() {
        for (String weak : List.of("password", "12345678", "        ", "qwertyuiop", "iloveyou1", "alice2024",
                "Alice Liddell", "ALICE_LIDDELL")) {
            assertRefused(() -> accounts.register("alice_liddell", weak, "Alice Liddell", "phone", HOME),
                    ChatError.WEAK_PASSWORD);
        }

        assertThat(accounts.register("alice_liddell", "ferret umbrella quantum", "Alice Liddell", "phone", HOME)
                .profile().username()).isEqualTo("alice_liddell");
    }

    @Test
    void should_limit_registrations_per_client_address() {
        for (int i = 0; i < 10; i++) {
            accounts.register("user" + i, PASSWORD, "", "phone", "198.51.100.7");
        }

        ChatException refused = assertRefused(() -> accounts.register("user10", PASSWORD, "", "phone",
                "198.51.100.7"), ChatError.RATE_LIMITED);
        assertThat(refused.getMessage()).contains("registrations from this address").contains("retry in 120 s");
        assertThat(accounts.register("user10", PASSWORD, "", "phone", "198.51.100.8").profile().username())
                .isEqualTo("user10");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Login, brute force, logout, authentication
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_log_in_with_the_right_password_as_a_new_device() {
        Session phone = register("alice", "Alice", "phone");

        Session laptop = accounts.login("ALICE", PASSWORD, "laptop", "203.0.113.5");

        assertThat(laptop.principal().userId()).isEqualTo(phone.principal().userId());
        assertThat(laptop.principal().deviceId()).isNotEqualTo(phone.principal().deviceId());
        assertThat(laptop.token()).isNotEqualTo(phone.token());
        assertThat(laptop.profile()).isEqualTo(phone.profile());
        assertThat(accounts.authenticate(phone.token())).contains(phone.principal());
        assertThat(accounts.authenticate(laptop.token())).contains(laptop.principal());
    }

    @Test
    void should_refuse_a_wrong_password_and_an_unknown_user_alike() {
        register("alice", "Alice", "phone");

        ChatException wrongPassword = assertRefused(() -> login("alice", "wrong password"),
                ChatError.INVALID_CREDENTIALS);
        ChatException unknownUser = assertRefused(() -> login("nobody", PASSWORD), ChatError.INVALID_CREDENTIALS);
        ChatException invalidName = assertRefused(() -> login("x", PASSWORD), ChatError.INVALID_CREDENTIALS);
        assertRefused(() -> login("alice", null), ChatError.INVALID_CREDENTIALS);
        assertRefused(() -> login(null, PASSWORD), ChatError.INVALID_CREDENTIALS);

        assertThat(unknownUser.getMessage()).isEqualTo(wrongPassword.getMessage());
        assertThat(invalidName.getMessage()).isEqualTo(wrongPassword.getMessage());
    }

    @Test
    void should_answer_a_login_the_store_cannot_check_now_as_unavailable_not_as_wrong_credentials() {
        register("alice", "Alice", "phone");
        AccountStore store = new SqliteAccountStore(database);
        AccountStore unreadable = (AccountStore) Proxy.newProxyInstance(AccountStore.class.getClassLoader(),
                new Class<?>[] {AccountStore.class}, (proxy, method, args) -> {
                    if (method.getName().equals("userByUsername")) {
                        throw new ChatException(ChatError.UNAVAILABLE, "the database cannot be read now");
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        AccountService busy = new AccountService(unreadable, new InProcessEventBus(),
                new Argon2idHasher(new Argon2idHasher.Settings(64, 1), new SecureRandom()),
                new Throttle(new InMemoryRateLimits(clock)),
                new SnowflakeIdGenerator(SnowflakeIdGenerator.Settings.of(0, 0), Clock.systemUTC(), Sleeper.system(),
                        HighWaterMark.inMemory()),
                clock, new TokenMint(new SecureRandom()), SETTINGS);

        assertRefused(() -> busy.login("alice", PASSWORD, "laptop", HOME), ChatError.UNAVAILABLE);
        assertRefused(() -> busy.login("not a valid name!", PASSWORD, "laptop", HOME), ChatError.INVALID_CREDENTIALS);
    }

    @Test
    void should_slow_then_refuse_guessing_an_account_password_even_when_the_guess_is_right() {
        register("alice", "Alice", "phone");
        for (int i = 0; i < 5; i++) {
            String guess = "guess " + i;
            String address = "203.0.113." + i;
            assertRefused(() -> accounts.login("alice", guess, "x", address), ChatError.INVALID_CREDENTIALS);
        }

        ChatException refused = assertRefused(() -> accounts.login("alice", PASSWORD, "x", "203.0.113.99"),
                ChatError.RATE_LIMITED);
        assertThat(refused.getMessage()).contains("login attempts for this account").contains("retry in 120 s");

        clock.advance(Duration.ofSeconds(119));
        assertRefused(() -> login("alice", PASSWORD), ChatError.RATE_LIMITED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(login("alice", PASSWORD).profile().username()).as("one attempt per 2 min").isEqualTo("alice");
        assertRefused(() -> login("alice", PASSWORD), ChatError.RATE_LIMITED);
    }

    @Test
    void should_limit_an_unknown_username_exactly_like_a_known_one() {
        register("alice", "Alice", "phone");
        for (String username : List.of("alice", "nobody")) {
            for (int i = 0; i < 5; i++) {
                assertRefused(() -> accounts.login(username, "guess", "x", "203.0.113.1" + username.length()),
                        ChatError.INVALID_CREDENTIALS);
            }
        }

        ChatException known = assertRefused(() -> accounts.login("alice", "guess", "x", "203.0.113.50"),
                ChatError.RATE_LIMITED);
        ChatException unknown = assertRefused(() -> accounts.login("nobody", "guess", "x", "203.0.113.50"),
                ChatError.RATE_LIMITED);
        assertThat(unknown.getMessage()).isEqualTo(known.getMessage());
    }

    @Test
    void should_limit_login_attempts_per_client_address_across_usernames() {
        for (int i = 0; i < 20; i++) {
            String username = "user" + i;
            assertRefused(() -> accounts.login(username, "guess", "x", "198.51.100.66"), ChatError.INVALID_CREDENTIALS);
        }

        assertThat(assertRefused(() -> accounts.login("user99", "guess", "x", "198.51.100.66"),
                ChatError.RATE_LIMITED).getMessage()).contains("login attempts from this address");
    }

    @Test
    void should_end_a_device_on_logout_and_tell_it() {
        Session phone = register("alice", "Alice", "phone");
        Session laptop = login("alice", PASSWORD);

        assertThat(accounts.logout(phone.token())).contains(phone.principal());

        assertThat(accounts.authenticate(phone.token())).isEmpty();
        assertRefused(() -> accounts.refresh(phone.refreshToken(), HOME), ChatError.UNAUTHENTICATED);
        assertThat(accounts.authenticate(laptop.token())).contains(laptop.principal());
        assertThat(published).containsExactly(new Delivery(Set.of(phone.principal().userId()),
                new Push.SessionEnded(phone.principal().deviceId())));
    }

    @Test
    void should_ignore_a_logout_of_an_ended_or_unknown_token() {
        Session phone = register("alice", "Alice", "phone");
        accounts.logout(phone.token());

        assertThat(accounts.logout(phone.token())).isEmpty();
        assertThat(accounts.logout("never issued")).isEmpty();
        assertThat(accounts.logout("")).isEmpty();
        assertThat(accounts.logout(null)).isEmpty();

        assertThat(published).hasSize(1);
    }

    @Test
    void should_expire_an_access_token_after_its_short_time_to_live() {
        Session session = register("alice", "Alice", "phone");

        clock.advance(ACCESS_TTL.minusMillis(1));
        assertThat(accounts.authenticate(session.token())).contains(session.principal());

        clock.advance(Duration.ofMillis(1));
        assertThat(accounts.authenticate(session.token())).isEmpty();
    }

    @Test
    void should_not_authenticate_tokens_never_issued_or_tampered_with() {
        Session session = register("alice", "Alice", "phone");
        char last = session.token().charAt(session.token().length() - 1);
        String tampered = session.token().substring(0, session.token().length() - 1) + (last == 'A' ? 'B' : 'A');

        assertThat(accounts.authenticate(null)).isEmpty();
        assertThat(accounts.authenticate("")).isEmpty();
        assertThat(accounts.authenticate(tampered)).isEmpty();
        assertThat(accounts.authenticate(session.token() + "x")).isEmpty();
        assertThat(accounts.authenticate(session.token().substring(1))).isEmpty();
        assertThat(accounts.authenticate("x".repeat(10_000))).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Refresh
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_rotate_tokens_on_refresh_and_keep_the_device() {
        Session first = register("alice", "Alice", "phone");
        clock.advance(ACCESS_TTL.plusMinutes(1));

        Session second = accounts.refresh(first.refreshToken(), "203.0.113.5");

        assertThat(second.principal()).isEqualTo(first.principal());
        assertThat(second.token()).isNotEqualTo(first.token());
        assertThat(second.refreshToken()).isNotEqualTo(first.refreshToken());
        assertThat(second.expiresAt()).isEqualTo(clock.instant().plus(ACCESS_TTL));
        assertThat(accounts.authenticate(second.token())).contains(first.principal());
        assertThat(accounts.devices(first.principal())).singleElement().satisfies(device -> {
            assertThat(device.lastActive()).isEqualTo(clock.instant());
            assertThat(device.address()).isEqualTo("203.0.113.5");
        });
    }

    @Test
    void should_end_the_whole_device_when_a_refresh_token_is_replayed() {
        Session first = register("alice", "Alice", "phone");
        Session second = accounts.refresh(first.refreshToken(), HOME);

        ChatException replay = assertRefused(() -> accounts.refresh(first.refreshToken(), "203.0.113.66"),
                ChatError.UNAUTHENTICATED);

        assertThat(replay.getMessage()).contains("already used");
        assertThat(accounts.authenticate(second.token())).isEmpty();
        assertRefused(() -> accounts.refresh(second.refreshToken(), HOME), ChatError.UNAUTHENTICATED);
        assertThat(published).containsExactly(new Delivery(Set.of(first.principal().userId()),
                new Push.SessionEnded(first.principal().deviceId())));
    }

    @Test
    void should_refuse_an_expired_or_unknown_refresh_token() {
        Session session = register("alice", "Alice", "phone");

        assertRefused(() -> accounts.refresh("never issued", HOME), ChatError.UNAUTHENTICATED);
        assertRefused(() -> accounts.refresh(session.token(), HOME), ChatError.UNAUTHENTICATED);
        assertRefused(() -> accounts.refresh("", HOME), ChatError.UNAUTHENTICATED);
        clock.advance(REFRESH_TTL);
        assertRefused(() -> accounts.refresh(session.refreshToken(), HOME), ChatError.UNAUTHENTICATED);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Devices and password change
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_list_devices_and_revoke_one_but_not_another_users() {
        Session phone = register("alice", "Alice", "phone");
        clock.advance(Duration.ofMinutes(1));
        Session laptop = accounts.login("alice", PASSWORD, "laptop", "203.0.113.5");
        Session bob = register("bob", "Bob", "bob's phone");

        assertThat(accounts.devices(phone.principal())).containsExactly(
                new Device(laptop.principal().deviceId(), "laptop", clock.instant(), clock.instant(), "203.0.113.5",
                        false),
                new Device(phone.principal().deviceId(), "phone", clock.instant().minusSeconds(60),
                        clock.instant().minusSeconds(60), HOME, true));

        assertRefused(() -> accounts.revoke(bob.principal(), phone.principal().deviceId()),
                ChatError.SESSION_NOT_FOUND);
        assertRefused(() -> accounts.revoke(bob.principal(), 12345), ChatError.SESSION_NOT_FOUND);
        assertThat(accounts.authenticate(phone.token())).isPresent();

        accounts.revoke(phone.principal(), laptop.principal().deviceId());

        assertThat(accounts.authenticate(laptop.token())).isEmpty();
        assertRefused(() -> accounts.refresh(laptop.refreshToken(), HOME), ChatError.UNAUTHENTICATED);
        assertThat(published).containsExactly(new Delivery(Set.of(laptop.principal().userId()),
                new Push.SessionEnded(laptop.principal().deviceId())));
    }

    @Test
    void should_change_the_password_and_end_every_other_device() {
        Session phone = register("alice", "Alice", "phone");
        Session laptop = login("alice", PASSWORD);
        Session tablet = login("alice", PASSWORD);

        assertRefused(() -> accounts.changePassword(phone.principal(), "wrong", "ferret umbrella quantum", HOME),
                ChatError.INVALID_CREDENTIALS);
        assertRefused(() -> accounts.changePassword(phone.principal(), PASSWORD, "password1", HOME),
                ChatError.WEAK_PASSWORD);
        assertThat(published).isEmpty();

        accounts.changePassword(phone.principal(), PASSWORD, "ferret umbrella quantum", HOME);

        assertThat(accounts.authenticate(phone.token())).isPresent();
        assertThat(accounts.authenticate(laptop.token())).isEmpty();
        assertThat(accounts.authenticate(tablet.token())).isEmpty();
        assertThat(published).extracting(Delivery::push).containsExactlyInAnyOrder(
                new Push.SessionEnded(laptop.principal().deviceId()),
                new Push.SessionEnded(tablet.principal().deviceId()));
        clock.advance(Duration.ofMinutes(10)); // password attempts share the account's login allowance
        assertRefused(() -> login("alice", PASSWORD), ChatError.INVALID_CREDENTIALS);
        assertThat(login("alice", "ferret umbrella quantum").principal().userId())
                .isEqualTo(phone.principal().userId());
    }

    @Test
    void should_store_tokens_only_as_hashes_and_the_password_only_as_argon2id() throws Exception {
        Session session = register("alice", "Alice", "phone");

        List<Object> tokenValues = values("SELECT * FROM access_tokens");
        tokenValues.addAll(values("SELECT * FROM refresh_tokens"));
        List<Object> userValues = values("SELECT * FROM users");

        for (String token : List.of(session.token(), session.refreshToken())) {
            byte[] tokenText = token.getBytes(StandardCharsets.UTF_8);
            byte[] tokenSecret = Base64.getUrlDecoder().decode(token);
            for (Object value : tokenValues) {
                if (value instanceof byte[] bytes) {
                    assertThat(contains(bytes, tokenText)).as("a column holds the token's text").isFalse();
                    assertThat(contains(bytes, tokenSecret)).as("a column holds the token's secret bytes").isFalse();
                } else if (value != null) {
                    assertThat(value.toString()).doesNotContain(token);
                }
            }
            assertThat(tokenValues).anySatisfy(value -> assertThat(value)
                    .isEqualTo(MessageDigest.getInstance("SHA-256").digest(tokenText)));
        }
        assertThat(userValues).noneSatisfy(value -> assertThat(String.valueOf(value)).contains(PASSWORD));
        assertThat(userValues).anySatisfy(value -> assertThat(String.valueOf(value)).startsWith("$argon2id$v=19$"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Search
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_search_by_username_prefix_or_display_name_with_a_minimum_length_and_pages() {
        Session searcher = register("searcher", "Searcher", "phone");
        Profile alice = register("alice", "Alice", "phone").profile();
        Profile alicia = register("alicia", "Alicia", "phone").profile();
        Profile bob = register("bob", "Ali Baba", "phone").profile();
        long me = searcher.principal().userId();

        assertThat(accounts.search(me, "  ALI ", "", 10).users()).containsExactly(alice, alicia, bob);
        assertThat(accounts.search(me, "alic", "", 10).users()).containsExactly(alice, alicia);
        SearchPage first = accounts.search(me, "ali", "", 2);
        assertThat(first.users()).containsExactly(alice, alicia);
        SearchPage second = accounts.search(me, "ali", first.next(), 2);
        assertThat(second.users()).containsExactly(bob);
        assertThat(second.next()).isEmpty();
        assertRefused(() -> accounts.search(me, "al", "", 10), ChatError.INVALID_ARGUMENT);
        assertRefused(() -> accounts.search(me, "   ", "", 10), ChatError.INVALID_ARGUMENT);
        assertRefused(() -> accounts.search(me, "ali", "-1", 10), ChatError.INVALID_ARGUMENT);
        assertThat(accounts.profiles(List.of(alice.userId(), bob.userId(), 42L)))
                .containsOnlyKeys(alice.userId(), bob.userId());
    }

    @Test
    void should_limit_searches_per_user() {
        long me = register("searcher", "Searcher", "phone").principal().userId();
        for (int i = 0; i < 20; i++) {
            accounts.search(me, "abc", "", 10);
        }

        assertRefused(() -> accounts.search(me, "abc", "", 10), ChatError.RATE_LIMITED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(accounts.search(me, "abc", "", 10).users()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------

    private Session register(String username, String displayName, String device) {
        return accounts.register(username, PASSWORD, displayName, device, HOME);
    }

    private Session login(@Nullable String username, @Nullable String password) {
        return accounts.login(username, password, "laptop", HOME);
    }

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
