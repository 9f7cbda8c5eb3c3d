package io.cellchat.services.users;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.account.AccountRules;
import io.cellchat.domain.account.Accounts;
import io.cellchat.domain.account.Principal;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.account.Session;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.id.IdGenerator;
import io.cellchat.services.users.password.PasswordHasher;
import io.cellchat.services.users.store.AccountStore;
import io.cellchat.services.users.store.AccountStore.SessionRecord;
import io.cellchat.services.users.store.AccountStore.UserRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * The users service: {@link Accounts} on an {@link AccountStore}.
 *
 * <p>A session is one device: login mints a device ID and a 256-bit random bearer token, of which only the SHA-256
 * is stored, so a stolen database does not yield usable tokens. Tokens expire after {@code auth.session-ttl}
 * (default 30 days). Password checks cost one Argon2id hash; callers run them off the event loop. A login with an
 * unknown username still spends one hash, so timing does not tell which usernames exist.
 */
public final class AccountService implements Accounts {

    private static final int TOKEN_BYTES = 32;
    private static final int MAX_SEARCH = 50;

    private final AccountStore store;
    private final EventBus bus;
    private final PasswordHasher hasher;
    private final IdGenerator ids;
    private final Clock clock;
    private final SecureRandom random;
    private final Duration sessionTtl;
    private final String dummyHash;

    public AccountService(AccountStore store, EventBus bus, PasswordHasher hasher, IdGenerator ids, Clock clock,
            SecureRandom random, Duration sessionTtl) {
        this.store = requireNonNull(store, "store");
        this.bus = requireNonNull(bus, "bus");
        this.hasher = requireNonNull(hasher, "hasher");
        this.ids = requireNonNull(ids, "ids");
        this.clock = requireNonNull(clock, "clock");
        this.random = requireNonNull(random, "random");
        this.sessionTtl = requireNonNull(sessionTtl, "sessionTtl");
        this.dummyHash = hasher.hash("not a password of anyone");
    }

    @Override
    public Session register(String username, String password, String displayName, String deviceName) {
        String canonical = AccountRules.username(username);
        AccountRules.password(password);
        String name = AccountRules.displayName(displayName, username);
        String device = AccountRules.deviceName(deviceName);
        UserRecord user = new UserRecord(ids.next(), canonical, name, hasher.hash(password), clock.instant());
        join(store.insertUser(user));
        return newSession(user, device);
    }

    @Override
    public Session login(String username, String password, String deviceName) {
        String device = AccountRules.deviceName(deviceName);
        Optional<UserRecord> user = Optional.empty();
        try {
            user = store.userByUsername(AccountRules.username(username));
        } catch (ChatException invalidUsername) {
            // fall through: same answer and same cost as an unknown user
        }
        String hash = user.map(UserRecord::passwordHash).orElse(dummyHash);
        boolean matches = hasher.matches(password == null ? "" : password, hash);
        if (user.isEmpty() || !matches) {
            throw new ChatException(ChatError.INVALID_CREDENTIALS, "username or password is wrong");
        }
        return newSession(user.get(), device);
    }

    private Session newSession(UserRecord user, String deviceName) {
        byte[] secret = new byte[TOKEN_BYTES];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        SessionRecord session = new SessionRecord(sha256(token), user.id(), ids.next(), deviceName, now,
                now.plus(sessionTtl));
        join(store.insertSession(session));
        return new Session(token, new Principal(user.id(), session.deviceId()), session.expiresAt(), user.profile());
    }

    @Override
    public Optional<Principal> logout(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        Optional<Principal> ended = join(store.deleteSession(sha256(token)))
                .map(s -> new Principal(s.userId(), s.deviceId()));
        // The device's open connections close with "session ended".
        ended.ifPresent(p -> bus.publish(new Delivery(Set.of(p.userId()), new Push.SessionEnded(p.deviceId()))));
        return ended;
    }

    @Override
    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isEmpty() || token.length() > 128) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.session(sha256(token))
                .filter(session -> session.expiresAt().isAfter(now))
                .map(session -> new Principal(session.userId(), session.deviceId()));
    }

    @Override
    public Map<Long, Profile> profiles(Collection<Long> userIds) {
        return store.profiles(userIds);
    }

    @Override
    public List<Profile> search(String query, int limit) {
        String prefix = query == null ? "" : query.strip();
        if (prefix.isEmpty()) {
            return List.of();
        }
        return store.search(prefix, Math.clamp(limit, 1, MAX_SEARCH));
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** Waits for a store write; rethrows a refusal as is. */
    private static <T extends @Nullable Object> T join(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }
}
