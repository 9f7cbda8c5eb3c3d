package io.cellchat.services.users.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.domain.account.Profile;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.services.users.store.AccountStore.SessionRecord;
import io.cellchat.services.users.store.AccountStore.UserRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of the users service's {@link AccountStore} port: accounts by canonical username, profiles, prefix
 * search, and sessions by token hash. Writes complete when durable, so a read after a completed write sees it.
 *
 * <p>It lives in this module's tests (test-support cannot depend on a service: the service's tests depend on
 * test-support); the SQLite and PostgreSQL adapters subclass it. Every test uses IDs, usernames and tokens of its own
 * (random), so a store may be shared by the tests of a class. Times are whole milliseconds, what a store may keep.
 */
public abstract class AccountStoreContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    /** A store ready for use. Called before each test. */
    protected abstract AccountStore openStore() throws Exception;

    /** Releases what {@link #openStore} took. Called after each test. */
    protected abstract void closeStore() throws Exception;

    protected AccountStore store;
    private long idBase;
    /** A username prefix of this test: a letter and seven random letters or digits. */
    private String prefix;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    final void openTheStore() throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        idBase = random.nextLong(1, 1L << 40) * 100_000;
        StringBuilder name = new StringBuilder("t");
        for (int i = 0; i < 7; i++) {
            name.append(Character.forDigit(random.nextInt(36), 36));
        }
        prefix = name.toString();
        store = openStore();
    }

    @AfterEach
    final void closeTheStore() throws Exception {
        closeStore();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Users
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_find_an_inserted_user_by_canonical_username() {
        UserRecord alice = user(1, "alice", "Alice Liddell");

        written(store.insertUser(alice));

        assertThat(store.userByUsername(alice.username())).contains(alice);
        assertThat(store.userByUsername(name("bob"))).isEmpty();
    }

    @Test
    void should_refuse_a_username_that_exists_and_keep_the_first_user() {
        UserRecord alice = user(1, "alice", "Alice");
        written(store.insertUser(alice));

        ChatException refusal = refused(store.insertUser(user(2, "alice", "Another Alice")));

        assertThat(refusal.error()).isEqualTo(ChatError.USERNAME_TAKEN);
        assertThat(store.userByUsername(alice.username())).contains(alice);
        assertThat(store.profiles(List.of(idBase + 2))).isEmpty();
    }

    @Test
    void should_accept_exactly_one_of_concurrent_inserts_of_one_username() {
        List<CompletableFuture<Void>> inserts = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            inserts.add(store.insertUser(user(i, "racer", "Racer " + i)));
        }

        int accepted = 0;
        for (CompletableFuture<Void> insert : inserts) {
            try {
                insert.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                accepted++;
            } catch (ExecutionException e) {
                assertThat(unwrap(e.getCause())).isInstanceOfSatisfying(ChatException.class,
                        refusal -> assertThat(refusal.error()).isEqualTo(ChatError.USERNAME_TAKEN));
            } catch (InterruptedException | TimeoutException e) {
                throw new AssertionError(e);
            }
        }

        assertThat(accepted).isEqualTo(1);
        assertThat(store.userByUsername(name("racer"))).isPresent();
    }

    @Test
    void should_return_the_profiles_of_the_users_that_exist() {
        UserRecord alice = user(1, "alice", "Alice");
        UserRecord bob = user(2, "bob", "Bob");
        written(store.insertUser(alice));
        written(store.insertUser(bob));

        Map<Long, Profile> profiles = store.profiles(List.of(alice.id(), bob.id(), idBase + 3, alice.id()));

        assertThat(profiles).containsExactlyInAnyOrderEntriesOf(Map.of(alice.id(), alice.profile(),
                bob.id(), bob.profile()));
        assertThat(store.profiles(List.of())).isEmpty();
    }

    @Test
    void should_return_the_profiles_of_many_users_at_once() {
        UserRecord first = user(1, "first", "First");
        UserRecord middle = user(700, "middle", "Middle");
        UserRecord last = user(1200, "last", "Last");
        for (UserRecord user : List.of(first, middle, last)) {
            written(store.insertUser(user));
        }
        List<Long> ids = new ArrayList<>();
        for (int i = 1; i <= 1200; i++) {
            ids.add(idBase + i);
        }

        assertThat(store.profiles(ids)).containsExactlyInAnyOrderEntriesOf(Map.of(first.id(), first.profile(),
                middle.id(), middle.profile(), last.id(), last.profile()));
    }

    @Test
    void should_search_usernames_and_display_names_by_prefix_case_insensitively_ordered_by_username() {
        UserRecord carol = user(1, "carol", "Zed");
        UserRecord alice = user(2, "alice", prefix + " Wonderland");
        UserRecord bob = user(3, "bob", "Bobby");
        UserRecord outsider = new UserRecord(idBase + 4, "z" + prefix, "Nobody", "hash", now);
        List.of(carol, alice, bob, outsider).forEach(user -> written(store.insertUser(user)));

        assertThat(store.search(prefix, 10)).containsExactly(alice.profile(), bob.profile(), carol.profile());
        assertThat(store.search(prefix.toUpperCase(Locale.ROOT), 10))
                .containsExactly(alice.profile(), bob.profile(), carol.profile());
        assertThat(store.search(prefix + ".b", 10)).containsExactly(bob.profile());
        assertThat(store.search(prefix, 2)).containsExactly(alice.profile(), bob.profile());
        assertThat(store.search(prefix + " won", 10)).containsExactly(alice.profile());
        assertThat(store.search(prefix + " WON", 10)).containsExactly(alice.profile());
        assertThat(store.search("z" + prefix, 10)).containsExactly(outsider.profile());
    }

    @Test
    void should_search_display_names_case_insensitively_beyond_ascii() {
        UserRecord elodie = user(1, "elodie", prefix + "Élodie");
        UserRecord sergei = user(2, "sergei", prefix + "Сергей");
        written(store.insertUser(elodie));
        written(store.insertUser(sergei));

        assertThat(store.search(prefix + "élo", 10)).containsExactly(elodie.profile());
        assertThat(store.search(prefix + "сер", 10)).containsExactly(sergei.profile());
    }

    @Test
    void should_take_wildcards_in_a_search_literally() {
        UserRecord underscore = user(1, "a_b", "Under Score");
        UserRecord plain = user(2, "axb", "Plain");
        written(store.insertUser(underscore));
        written(store.insertUser(plain));

        assertThat(store.search(prefix + ".a_", 10)).containsExactly(underscore.profile());
        assertThat(store.search(prefix + ".%", 10)).isEmpty();
        assertThat(store.search(prefix + ".a\\", 10)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Sessions
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_find_an_inserted_session_by_token_hash() {
        UserRecord alice = user(1, "alice", "Alice");
        written(store.insertUser(alice));
        SessionRecord session = session(alice, 11, "token-1", "Alice's phone");

        written(store.insertSession(session));

        assertThat(store.session(tokenHash("token-1"))).hasValueSatisfying(found -> sameSession(found, session));
        assertThat(store.session(tokenHash("token-2"))).isEmpty();
    }

    @Test
    void should_keep_the_sessions_of_several_devices_apart() {
        UserRecord alice = user(1, "alice", "Alice");
        written(store.insertUser(alice));
        SessionRecord phone = session(alice, 11, "token-phone", "phone");
        SessionRecord laptop = session(alice, 12, "token-laptop", "laptop");
        written(store.insertSession(phone));
        written(store.insertSession(laptop));

        Optional<SessionRecord> deleted = written(store.deleteSession(tokenHash("token-phone")));

        assertThat(deleted).hasValueSatisfying(found -> sameSession(found, phone));
        assertThat(store.session(tokenHash("token-phone"))).isEmpty();
        assertThat(store.session(tokenHash("token-laptop"))).hasValueSatisfying(found -> sameSession(found, laptop));
    }

    @Test
    void should_delete_a_session_once() {
        UserRecord alice = user(1, "alice", "Alice");
        written(store.insertUser(alice));
        written(store.insertSession(session(alice, 11, "token-1", "phone")));

        Optional<SessionRecord> first = written(store.deleteSession(tokenHash("token-1")));
        Optional<SessionRecord> second = written(store.deleteSession(tokenHash("token-1")));

        assertThat(first).isPresent();
        assertThat(second).isEmpty();
        assertThat(written(store.deleteSession(tokenHash("never issued")))).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** A username of this test: the test's prefix, a dot and {@code suffix}. */
    protected String name(String suffix) {
        return prefix + "." + suffix;
    }

    protected UserRecord user(long n, String suffix, String displayName) {
        return new UserRecord(idBase + n, name(suffix), displayName, "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA", now);
    }

    protected SessionRecord session(UserRecord user, long device, String token, String deviceName) {
        return new SessionRecord(tokenHash(token), user.id(), idBase + 50_000 + device, deviceName, now,
                now.plus(Duration.ofDays(30)));
    }

    /** Compares sessions field by field ({@code byte[]} has no value equality). */
    private static void sameSession(SessionRecord actual, SessionRecord expected) {
        assertThat(actual.tokenHash()).isEqualTo(expected.tokenHash());
        assertThat(actual).usingRecursiveComparison().ignoringFields("tokenHash").isEqualTo(expected);
    }

    /** The hash of a token of this test (tokens are made unique per test, like usernames). */
    protected byte[] tokenHash(String token) {
        return sha256(prefix + ":" + token);
    }

    protected static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T written(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected the write to succeed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    private static ChatException refused(CompletableFuture<?> future) {
        try {
            Object result = future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            throw new AssertionError("expected a refusal, got " + result);
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e.getCause());
            assertThat(cause).isInstanceOf(ChatException.class);
            return (ChatException) cause;
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        while (failure instanceof CompletionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }
}
