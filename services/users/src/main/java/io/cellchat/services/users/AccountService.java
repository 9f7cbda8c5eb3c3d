package io.cellchat.services.users;

import static io.cellchat.services.users.store.StoreWrites.join;
import static java.util.Objects.requireNonNull;

import io.cellchat.domain.account.AccountRules;
import io.cellchat.domain.account.Accounts;
import io.cellchat.domain.account.Device;
import io.cellchat.domain.account.Principal;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.account.SearchPage;
import io.cellchat.domain.account.Session;
import io.cellchat.domain.delivery.Delivery;
import io.cellchat.domain.delivery.EventBus;
import io.cellchat.domain.delivery.Push;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.id.IdGenerator;
import io.cellchat.services.users.auth.AuthSettings;
import io.cellchat.services.users.auth.Throttle;
import io.cellchat.services.users.auth.TokenMint;
import io.cellchat.services.users.password.PasswordHasher;
import io.cellchat.services.users.password.PasswordStrength;
import io.cellchat.services.users.store.AccountStore;
import io.cellchat.services.users.store.AccountStore.DeviceRecord;
import io.cellchat.services.users.store.AccountStore.Refreshed;
import io.cellchat.services.users.store.AccountStore.Tokens;
import io.cellchat.services.users.store.AccountStore.UserRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The users service's {@link Accounts}: registration, login, token refresh, logout, device sessions and password
 * change on an {@link AccountStore}.
 *
 * <p>A session is one device with two bearer secrets ({@link TokenMint}): a short-lived access token
 * ({@code auth.access-ttl}) for requests, and a refresh token ({@code auth.refresh-ttl}) that buys the next pair
 * once. Refresh tokens rotate; a rotated one presented again means two parties hold the device's tokens, so the
 * store ends the whole device (every token of it) and its open connections close with 4003. Revoking a device,
 * logging out and changing the password (which ends every other device) close connections the same way, through
 * a {@link Push.SessionEnded} on the bus, which the messaging servers act on at once.
 *
 * <p>Against guessing: login attempts take a permit per username and per client address before any password is
 * checked ({@link Throttle}); registrations per address. An unknown username still costs one Argon2id hash and gets
 * the same answer as a wrong password, so neither the answer nor its timing tells which usernames exist. Passwords
 * are checked by {@link PasswordStrength} (NIST SP 800-63B). Password checks are slow by design: callers run them
 * off the event loop.
 */
public final class AccountService implements Accounts {

    private static final int MAX_SEARCH = 50;
    private static final String FIRST_DEVICE = "first device";

    private final AccountStore store;
    private final EventBus bus;
    private final PasswordHasher hasher;
    private final PasswordStrength strength;
    private final Throttle throttle;
    private final IdGenerator ids;
    private final Clock clock;
    private final TokenMint mint;
    private final AuthSettings settings;
    private final String dummyHash;

    public AccountService(AccountStore store, EventBus bus, PasswordHasher hasher, Throttle throttle, IdGenerator ids,
            Clock clock, TokenMint mint, AuthSettings settings) {
        this.store = requireNonNull(store, "store");
        this.bus = requireNonNull(bus, "bus");
        this.hasher = requireNonNull(hasher, "hasher");
        this.strength = new PasswordStrength();
        this.throttle = requireNonNull(throttle, "throttle");
        this.ids = requireNonNull(ids, "ids");
        this.clock = requireNonNull(clock, "clock");
        this.mint = requireNonNull(mint, "mint");
        this.settings = requireNonNull(settings, "settings");
        this.dummyHash = hasher.hash("not a password of anyone");
    }

    @Override
    public Session register(String username, String password, String displayName, String deviceName,
            String address) {
        String canonical = AccountRules.username(username);
        String name = AccountRules.displayName(displayName, username);
        String device = deviceName == null || deviceName.isEmpty() ? FIRST_DEVICE : AccountRules.deviceName(deviceName);
        strength.check(password, canonical, name);
        throttle.acquire(settings.registerPerAddress(), address, "registrations from this address");
        UserRecord user = new UserRecord(ids.next(), canonical, name, hasher.hash(password), clock.instant());
        // The user and their first device in one write: a registration refused or failed here leaves neither.
        Instant now = clock.instant();
        Issued issued = issue(now);
        DeviceRecord first = device(user, device, address, now, issued);
        join(store.insertUserWithDevice(user, first, issued.tokens()));
        return issued.session(new Principal(user.id(), first.deviceId()), ownProfile(user));
    }

    @Override
    public Session login(String username, String password, String deviceName, String address) {
        String device = AccountRules.deviceName(deviceName);
        String subject = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        throttle.acquire(settings.loginPerAddress(), address, "login attempts from this address");
        throttle.acquire(settings.loginPerAccount(), subject, "login attempts for this account");
        UserRecord user = verify(username, password);
        return newDevice(user, device, address);
    }

    /** The user whose password this is, or {@code INVALID_CREDENTIALS} after the same work either way. */
    private UserRecord verify(@Nullable String username, @Nullable String password) {
        @Nullable String canonical = null;
        try {
            canonical = AccountRules.username(username);
        } catch (ChatException invalidUsername) {
            // fall through: same answer and same cost as an unknown user
        }
        // A store that cannot be read now throws (UNAVAILABLE): that is no verdict on the password.
        Optional<UserRecord> user = canonical == null ? Optional.empty() : store.userByUsername(canonical);
        String hash = user.map(UserRecord::passwordHash).orElse(dummyHash);
        boolean matches = hasher.matches(password == null ? "" : password, hash);
        if (user.isEmpty() || !matches) {
            throw new ChatException(ChatError.INVALID_CREDENTIALS, "username or password is wrong");
        }
        return user.get();
    }

    private Session newDevice(UserRecord user, String deviceName, String address) {
        Instant now = clock.instant();
        Issued issued = issue(now);
        DeviceRecord device = device(user, deviceName, address, now, issued);
        join(store.insertDevice(device, issued.tokens()));
        return issued.session(new Principal(user.id(), device.deviceId()), ownProfile(user));
    }

    private DeviceRecord device(UserRecord user, String deviceName, String address, Instant now, Issued issued) {
        return new DeviceRecord(ids.next(), user.id(), deviceName, now, now, address,
                issued.tokens().refreshExpiresAt());
    }

    /** The user's whole profile (with bio and avatar), as the session's owner sees it. */
    private Profile ownProfile(UserRecord user) {
        return store.profiles(List.of(user.id())).getOrDefault(user.id(), user.profile());
    }

    @Override
    public Session refresh(String refreshToken, String address) {
        if (refreshToken == null || !TokenMint.plausible(refreshToken)) {
            throw unauthenticated();
        }
        Instant now = clock.instant();
        Issued issued = issue(now);
        Refreshed refreshed = join(store.refresh(TokenMint.hash(refreshToken), issued.tokens(), now, address));
        return switch (refreshed) {
            case Refreshed.Rotated(DeviceRecord device) -> {
                Profile profile = store.user(device.userId()).map(this::ownProfile).orElseThrow(this::unauthenticated);
                yield issued.session(new Principal(device.userId(), device.deviceId()), profile);
            }
            case Refreshed.Reused(long userId, long deviceId) -> {
                ended(userId, List.of(deviceId));
                throw new ChatException(ChatError.UNAUTHENTICATED, "refresh token: already used; the session is"
                        + " ended, as someone else may hold its tokens (expected: log in again)");
            }
            case Refreshed.Unknown() -> throw unauthenticated();
        };
    }

    private ChatException unauthenticated() {
        return new ChatException(ChatError.UNAUTHENTICATED, "refresh token: unknown, expired or ended"
                + " (expected: log in again)");
    }

    private record Issued(String access, String refresh, Tokens tokens) {
        Session session(Principal principal, Profile profile) {
            return new Session(access, principal, tokens.accessExpiresAt(), refresh, tokens.refreshExpiresAt(),
                    profile);
        }
    }

    private Issued issue(Instant now) {
        String access = mint.mint();
        String refresh = mint.mint();
        return new Issued(access, refresh, new Tokens(TokenMint.hash(access), now.plus(settings.accessTtl()),
                TokenMint.hash(refresh), now.plus(settings.refreshTtl())));
    }

    @Override
    public Optional<Principal> logout(String token) {
        Optional<Principal> principal = authenticate(token);
        principal.ifPresent(p -> {
            if (join(store.deleteDevice(p.userId(), p.deviceId()))) {
                ended(p.userId(), List.of(p.deviceId()));
            }
        });
        return principal;
    }

    @Override
    public Optional<Principal> authenticate(String token) {
        if (token == null || !TokenMint.plausible(token)) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return store.access(TokenMint.hash(token))
                .filter(access -> access.expiresAt().isAfter(now))
                .map(access -> new Principal(access.userId(), access.deviceId()));
    }

    @Override
    public List<Device> devices(Principal principal) {
        return store.devices(principal.userId()).stream()
                .map(d -> new Device(d.deviceId(), d.deviceName(), d.createdAt(), d.lastActiveAt(), d.lastAddress(),
                        d.deviceId() == principal.deviceId()))
                .toList();
    }

    /** A device ID of another user gets the same answer as one that never existed. */
    @Override
    public void revoke(Principal principal, long deviceId) {
        if (!join(store.deleteDevice(principal.userId(), deviceId))) {
            throw new ChatException(ChatError.SESSION_NOT_FOUND, "no session " + deviceId + " of yours");
        }
        ended(principal.userId(), List.of(deviceId));
    }

    @Override
    public void changePassword(Principal principal, String currentPassword, String newPassword, String address) {
        UserRecord user = store.user(principal.userId()).orElseThrow(() ->
                new ChatException(ChatError.UNAUTHENTICATED, "no such user (expected: log in again)"));
        throttle.acquire(settings.loginPerAccount(), user.username(), "password attempts for this account");
        if (!hasher.matches(currentPassword == null ? "" : currentPassword, user.passwordHash())) {
            throw new ChatException(ChatError.INVALID_CREDENTIALS, "current password: wrong");
        }
        strength.check(newPassword, user.username(), user.displayName());
        join(store.updatePassword(user.id(), hasher.hash(newPassword)));
        ended(user.id(), join(store.deleteDevicesExcept(user.id(), principal.deviceId())));
    }

    /** Closes the open connections of devices whose session ended. */
    private void ended(long userId, List<Long> deviceIds) {
        for (long deviceId : deviceIds) {
            bus.publish(new Delivery(Set.of(userId), new Push.SessionEnded(deviceId)));
        }
    }

    @Override
    public Map<Long, Profile> profiles(Collection<Long> userIds) {
        return store.profiles(userIds);
    }

    @Override
    public SearchPage search(long searcher, String query, String cursor, int limit) {
        String key = AccountRules.searchQuery(query);
        int offset = offset(cursor);
        throttle.acquire(settings.searchPerUser(), Long.toString(searcher), "searches");
        int size = Math.clamp(limit, 1, MAX_SEARCH);
        List<Profile> found = store.search(searcher, key, offset, size + 1);
        boolean more = found.size() > size;
        List<Profile> page = found.stream().limit(size).map(Profile::card).toList();
        return new SearchPage(page, more ? Integer.toString(offset + size) : "");
    }

    private static int offset(@Nullable String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        if (!cursor.matches("\\d{1,4}")) {
            throw new ChatException(ChatError.INVALID_ARGUMENT, "cursor: '" + cursor
                    + "' (expected: the nextCursor of the previous page)");
        }
        return Integer.parseInt(cursor);
    }
}
