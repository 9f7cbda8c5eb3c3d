package io.cellchat.services.users.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.domain.account.Profile;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.account.AccountRules;
import io.cellchat.domain.social.Audience;
import io.cellchat.domain.social.PrivacySettings;
import io.cellchat.services.users.store.AccountStore.AccessRecord;
import io.cellchat.services.users.store.AccountStore.DeviceRecord;
import io.cellchat.services.users.store.AccountStore.Refreshed;
import io.cellchat.services.users.store.AccountStore.Tokens;
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
 * The contract of the users service's {@link AccountStore} port: accounts by canonical username, profiles and
 * privacy settings, search (username prefixes and display-name parts, in search form), and device sessions with
 * access tokens and rotating refresh tokens (a reused one ends the device). Writes complete when durable, so a read
 * after a completed write sees it.
 *
 * <p>It lives in this module's tests (test-support cannot depend on a service); {@code SqliteAccountStoreTest} and
 * {@code PostgresAccountStoreIT} subclass it. Every test uses IDs, usernames and tokens of its own (random), so a
 * store may be shared by the tests of a class. Times are whole milliseconds, what a store may keep.
 */
public abstract class AccountStoreContract {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    protected static final Duration ACCESS_TTL = Duration.ofMinutes(15);
    protected static final Duration REFRESH_TTL = Duration.ofDays(30);

    /** A store ready for use. Called before each test. */
    protected abstract AccountStore openStore() throws Exception;

    /** Releases what {@link #openStore} took. Called after each test. */
    protected abstract void closeStore() throws Exception;

    protected AccountStore store;
    protected long idBase;
    /** A username prefix of this test: a letter and seven random letters or digits. */
    protected String prefix;
    protected final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

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
    void should_find_username_prefixes_and_display_name_parts_ranked_exact_then_username_then_name() {
        UserRecord carol = user(1, "carol", "Zed");
        UserRecord alice = user(2, "alice", prefix + " Wonderland");
        UserRecord bob = user(3, "bob", "Bobby");
        UserRecord outsider = new UserRecord(idBase + 4, "z" + prefix, "Nobody", "hash", now);
        UserRecord named = new UserRecord(idBase + 5, "y" + prefix, "Mr " + prefix, "hash", now);
        List.of(carol, alice, bob, outsider, named).forEach(user -> written(store.insertUser(user)));

        assertThat(search(prefix, 0, 10)).containsExactly(alice.profile(), bob.profile(), carol.profile(),
                named.profile());
        assertThat(search(prefix.toUpperCase(Locale.ROOT), 0, 10)).containsExactly(alice.profile(), bob.profile(),
                carol.profile(), named.profile());
        assertThat(search(prefix + ".b", 0, 10)).containsExactly(bob.profile());
        assertThat(search(name("bob"), 0, 10)).containsExactly(bob.profile());
        assertThat(search(prefix + " won", 0, 10)).containsExactly(alice.profile());
        assertThat(search("z" + prefix, 0, 10)).containsExactly(outsider.profile());
        assertThat(search(prefix + " wonder", 0, 10)).containsExactly(alice.profile());
    }

    @Test
    void should_page_through_search_results_by_offset() {
        UserRecord alice = user(1, "alice", "A");
        UserRecord bob = user(2, "bob", "B");
        UserRecord carol = user(3, "carol", "C");
        List.of(alice, bob, carol).forEach(user -> written(store.insertUser(user)));

        assertThat(search(prefix, 0, 2)).containsExactly(alice.profile(), bob.profile());
        assertThat(search(prefix, 2, 2)).containsExactly(carol.profile());
        assertThat(search(prefix, 3, 2)).isEmpty();
    }

    @Test
    void should_search_display_names_ignoring_case_and_accents_beyond_ascii() {
        UserRecord elodie = user(1, "elodie", prefix + "Élodie");
        UserRecord sergei = user(2, "sergei", prefix + "Сергей");
        written(store.insertUser(elodie));
        written(store.insertUser(sergei));

        assertThat(search(prefix + "ÉLO", 0, 10)).containsExactly(elodie.profile());
        assertThat(search(prefix + "elo", 0, 10)).containsExactly(elodie.profile());
        assertThat(search(prefix + "СЕР", 0, 10)).containsExactly(sergei.profile());
    }

    @Test
    void should_take_wildcards_in_a_search_literally() {
        UserRecord underscore = user(1, "a_b", "Under Score");
        UserRecord plain = user(2, "axb", "Plain");
        written(store.insertUser(underscore));
        written(store.insertUser(plain));

        assertThat(search(prefix + ".a_", 0, 10)).containsExactly(underscore.profile());
        assertThat(search(prefix + ".%", 0, 10)).isEmpty();
        assertThat(search(prefix + ".a\\", 0, 10)).isEmpty();
        assertThat(search(prefix + "\"", 0, 10)).isEmpty();
    }

    @Test
    void should_find_a_user_by_a_new_display_name_after_a_profile_update() {
        UserRecord alice = user(1, "alice", "Alice");
        written(store.insertUser(alice));

        Profile updated = written(store.updateProfile(alice.id(), prefix + " Queen", "bio"));

        assertThat(updated).isEqualTo(new Profile(alice.id(), alice.username(), prefix + " Queen", "bio", 0));
        assertThat(search(prefix + " que", 0, 10)).containsExactly(updated);
    }

    @Test
    void should_keep_privacy_settings_with_defaults_for_users_who_set_none() {
        UserRecord alice = user(1, "alice", "Alice");
        written(store.insertUser(alice));

        assertThat(store.privacy(alice.id())).isEqualTo(PrivacySettings.DEFAULTS);
        PrivacySettings closed = new PrivacySettings(Audience.CONTACTS, Audience.NOBODY, Audience.CONTACTS);
        written(store.updatePrivacy(alice.id(), closed));

        assertThat(store.privacy(alice.id())).isEqualTo(closed);
    }

    @Test
    void should_refuse_updates_of_a_user_that_does_not_exist() {
        long nobody = idBase + 9;

        assertThat(refused(store.updateProfile(nobody, "Nobody", "")).error()).isEqualTo(ChatError.USER_NOT_FOUND);
        assertThat(refused(store.updatePassword(nobody, "hash")).error()).isEqualTo(ChatError.USER_NOT_FOUND);
        assertThat(refused(store.updatePrivacy(nobody, PrivacySettings.DEFAULTS)).error())
                .isEqualTo(ChatError.USER_NOT_FOUND);
        assertThat(store.user(nobody)).isEmpty();
        assertThat(store.privacy(nobody)).isEqualTo(PrivacySettings.DEFAULTS);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Devices and tokens
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void should_register_a_user_with_the_first_device_in_one_write_and_store_neither_when_refused() {
        UserRecord alice = user(1, "alice", "Alice");
        DeviceRecord phone = device(alice, 11, "Alice's phone");
        UserRecord other = user(2, "alice", "Another Alice");
        DeviceRecord laptop = device(other, 12, "laptop");

        written(store.insertUserWithDevice(alice, phone, tokens("access-1", "refresh-1")));
        ChatException refusal = refused(store.insertUserWithDevice(other, laptop, tokens("access-2", "refresh-2")));

        assertThat(store.user(alice.id())).contains(alice);
        assertThat(store.devices(alice.id())).containsExactly(phone);
        assertThat(store.access(sha256("access-1")))
                .contains(new AccessRecord(alice.id(), phone.deviceId(), now.plus(ACCESS_TTL)));
        assertThat(refusal.error()).isEqualTo(ChatError.USERNAME_TAKEN);
        assertThat(store.user(other.id())).as("nothing of the refused registration").isEmpty();
        assertThat(store.devices(other.id())).isEmpty();
        assertThat(store.access(sha256("access-2"))).isEmpty();

        // The device's insert fails after the user's row went in (its ID is taken): the user is not stored either.
        UserRecord bob = user(3, "bob", "Bob");
        DeviceRecord reused = new DeviceRecord(phone.deviceId(), bob.id(), "bob's phone", now, now, "127.0.0.1",
                now.plus(REFRESH_TTL));
        assertThat(store.insertUserWithDevice(bob, reused, tokens("access-3", "refresh-3")))
                .failsWithin(TIMEOUT);
        assertThat(store.user(bob.id())).as("nothing of a registration whose device failed").isEmpty();
        assertThat(store.userByUsername(bob.username())).isEmpty();
        assertThat(store.devices(alice.id())).containsExactly(phone);
    }

    @Test
    void should_find_the_device_of_an_access_token_and_nothing_for_another_token() {
        UserRecord alice = user(1, "alice", "Alice");
        written(store.insertUser(alice));
        DeviceRecord phone = device(alice, 11, "Alice's phone");

        written(store.insertDevice(phone, tokens("access-1", "refresh-1")));

        assertThat(store.access(sha256("access-1")))
                .contains(new AccessRecord(alice.id(), phone.deviceId(), now.plus(ACCESS_TTL)));
        assertThat(store.access(sha256("refresh-1"))).as("a refresh token is no access token").isEmpty();
        assertThat(store.access(sha256("access-2"))).isEmpty();
        assertThat(store.devices(alice.id())).containsExactly(phone);
    }

    @Test
    void should_rotate_a_refresh_token_once_and_end_the_device_when_it_is_presented_again() {
        UserRecord alice = user(1, "alice", "Alice");
        written(store.insertUser(alice));
        DeviceRecord phone = device(alice, 11, "phone");
        written(store.insertDevice(phone, tokens("access-1", "refresh-1")));
        Instant later = now.plus(Duration.ofMinutes(20));

        Refreshed rotated = written(store.refresh(sha256("refresh-1"), tokens("access-2", "refresh-2", later), later,
                "192.0.2.7"));

        assertThat(rotated).isEqualTo(new Refreshed.Rotated(new DeviceRecord(phone.deviceId(), alice.id(), "phone",
                now, later, "192.0.2.7", later.plus(REFRESH_TTL))));
        assertThat(store.access(sha256("access-2"))).isPresent();
        assertThat(store.devices(alice.id())).extracting(DeviceRecord::lastAddress).containsExactly("192.0.2.7");

        Refreshed replayed = written(store.refresh(sha256("refresh-1"), tokens("access-3", "refresh-3", later), later,
                "203.0.113.9"));

        assertThat(replayed).isEqualTo(new Refreshed.Reused(alice.id(), phone.deviceId()));
        assertThat(store.devices(alice.id())).isEmpty();
        assertThat(store.access(sha256("access-1"))).isEmpty();
        assertThat(store.access(sha256("access-2"))).isEmpty();
        assertThat(store.access(sha256("access-3"))).isEmpty();
        assertThat(written(store.refresh(sha256("refresh-2"), tokens("access-4", "refresh-4", later), later, "x")))
                .as("the whole family ends").isEqualTo(new Refreshed.Unknown());
    }

    @Test
    void should_rotate_exactly_once_and_end_the_device_when_two_refreshes_of_one_token_race() {
        UserRecord alice = user(1, "alice", "Alice");
        written(store.insertUser(alice));
        Instant later = now.plus(Duration.ofMinutes(20));
        int devices = 10;
        List<CompletableFuture<Refreshed>> firsts = new ArrayList<>();
        List<CompletableFuture<Refreshed>> seconds = new ArrayList<>();
        for (int i = 0; i < devices; i++) {
            written(store.insertDevice(device(alice, 100 + i, "device " + i), tokens("access-" + i, "refresh-" + i)));
        }
        for (int i = 0; i < devices; i++) {
            firsts.add(store.refresh(sha256("refresh-" + i), tokens("first-access-" + i, "first-refresh-" + i, later),
                    later, "192.0.2.1"));
            seconds.add(store.refresh(sha256("refresh-" + i), tokens("second-access-" + i, "second-refresh-" + i,
                    later), later, "192.0.2.2"));
        }

        for (int i = 0; i < devices; i++) {
            long deviceId = idBase + 50_100 + i;
            List<Refreshed> outcomes = List.of(written(firsts.get(i)), written(seconds.get(i)));
            assertThat(outcomes).as("device %d", i).filteredOn(Refreshed.Rotated.class::isInstance).hasSize(1);
            assertThat(outcomes).as("device %d", i).contains(new Refreshed.Reused(alice.id(), deviceId));
            for (String round : List.of("first", "second")) {
                assertThat(store.access(sha256(round + "-access-" + i))).as("the family ends").isEmpty();
                assertThat(written(store.refresh(sha256(round + "-refresh-" + i), tokens("a" + i, "r" + i, later),
                        later, "x"))).isEqualTo(new Refreshed.Unknown());
            }
        }
        assertThat(store.devices(alice.id())).isEmpty();
    }

    @Test
    void should_not_refresh_with_an_unknown_or_expired_refresh_token() {
        UserRecord alice = user(1, "alice", "Alice");
        written(store.insertUser(alice));
        written(store.insertDevice(device(alice, 11, "phone"), tokens("access-1", "refresh-1")));
        Instant expired = now.plus(REFRESH_TTL);

        assertThat(written(store.refresh(sha256("never issued"), tokens("a", "r", now), now, "x")))
                .isEqualTo(new Refreshed.Unknown());
        assertThat(written(store.refresh(sha256("refresh-1"), tokens("a", "r", expired), expired, "x")))
                .isEqualTo(new Refreshed.Unknown());
        assertThat(store.access(sha256("a"))).isEmpty();
    }

    @Test
    void should_list_devices_most_recently_active_first_and_delete_only_a_device_of_the_user_named() {
        UserRecord alice = user(1, "alice", "Alice");
        UserRecord bob = user(2, "bob", "Bob");
        written(store.insertUser(alice));
        written(store.insertUser(bob));
        DeviceRecord phone = device(alice, 11, "phone");
        DeviceRecord laptop = new DeviceRecord(idBase + 50_012, alice.id(), "laptop", now, now.plusSeconds(5),
                "198.51.100.1", now.plus(REFRESH_TTL));
        DeviceRecord bobs = device(bob, 13, "bob's phone");
        written(store.insertDevice(phone, tokens("access-phone", "refresh-phone")));
        written(store.insertDevice(laptop, tokens("access-laptop", "refresh-laptop")));
        written(store.insertDevice(bobs, tokens("access-bob", "refresh-bob")));

        assertThat(store.devices(alice.id())).containsExactly(laptop, phone);
        assertThat(written(store.deleteDevice(bob.id(), phone.deviceId()))).as("not bob's").isFalse();
        assertThat(written(store.deleteDevice(alice.id(), phone.deviceId()))).isTrue();
        assertThat(written(store.deleteDevice(alice.id(), phone.deviceId()))).isFalse();
        assertThat(store.access(sha256("access-phone"))).isEmpty();
        assertThat(store.access(sha256("access-laptop"))).isPresent();
        assertThat(store.devices(alice.id())).containsExactly(laptop);
    }

    @Test
    void should_delete_every_device_of_a_user_but_the_one_kept() {
        UserRecord alice = user(1, "alice", "Alice");
        UserRecord bob = user(2, "bob", "Bob");
        written(store.insertUser(alice));
        written(store.insertUser(bob));
        DeviceRecord phone = device(alice, 11, "phone");
        DeviceRecord laptop = device(alice, 12, "laptop");
        DeviceRecord tablet = device(alice, 13, "tablet");
        written(store.insertDevice(phone, tokens("access-phone", "refresh-phone")));
        written(store.insertDevice(laptop, tokens("access-laptop", "refresh-laptop")));
        written(store.insertDevice(tablet, tokens("access-tablet", "refresh-tablet")));
        written(store.insertDevice(device(bob, 14, "bob's"), tokens("access-bob", "refresh-bob")));

        List<Long> ended = written(store.deleteDevicesExcept(alice.id(), laptop.deviceId()));

        assertThat(ended).containsExactlyInAnyOrder(phone.deviceId(), tablet.deviceId());
        assertThat(store.devices(alice.id())).containsExactly(laptop);
        assertThat(store.access(sha256("access-phone"))).isEmpty();
        assertThat(store.access(sha256("access-bob"))).isPresent();
        assertThat(written(store.refresh(sha256("refresh-tablet"), tokens("a", "r"), now, "x")))
                .isEqualTo(new Refreshed.Unknown());
    }

    @Test
    void should_change_a_password_hash() {
        UserRecord alice = user(1, "alice", "Alice");
        written(store.insertUser(alice));

        written(store.updatePassword(alice.id(), "$argon2id$new"));

        assertThat(store.user(alice.id())).hasValueSatisfying(u -> assertThat(u.passwordHash())
                .isEqualTo("$argon2id$new"));
    }

    // ---------------------------------------------------------------------------------------------------------------

    private List<Profile> search(String query, int offset, int limit) {
        return store.search(idBase, AccountRules.searchKey(query), offset, limit);
    }

    /** A username of this test: the test's prefix, a dot and {@code suffix}. */
    protected String name(String suffix) {
        return prefix + "." + suffix;
    }

    protected UserRecord user(long n, String suffix, String displayName) {
        return new UserRecord(idBase + n, name(suffix), displayName, "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$aGFzaA", now);
    }

    protected DeviceRecord device(UserRecord user, long device, String deviceName) {
        return new DeviceRecord(idBase + 50_000 + device, user.id(), deviceName, now, now, "127.0.0.1",
                now.plus(REFRESH_TTL));
    }

    protected Tokens tokens(String access, String refresh) {
        return tokens(access, refresh, now);
    }

    protected Tokens tokens(String access, String refresh, Instant issuedAt) {
        return new Tokens(sha256(access), issuedAt.plus(ACCESS_TTL), sha256(refresh), issuedAt.plus(REFRESH_TTL));
    }

    /** The hash of a token of this test ({@code token} after the test's prefix, so tests never share a token). */
    protected byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest((prefix + ":" + token).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static <T> T written(CompletableFuture<T> future) {
        try {
            return future.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("expected the write to succeed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    protected static ChatException refused(CompletableFuture<?> future) {
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
