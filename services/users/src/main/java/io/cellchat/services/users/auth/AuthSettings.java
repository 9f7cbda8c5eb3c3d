package io.cellchat.services.users.auth;

import static java.util.Objects.requireNonNull;

import io.cellchat.domain.ratelimit.RateLimit;
import java.time.Duration;

/**
 * The token lifetimes and rate limits of the users service (docs/configuration.md, {@code auth.*} and
 * {@code users.*}).
 *
 * @param accessTtl lifetime of an access token ({@code auth.access-ttl}, 15 minutes)
 * @param refreshTtl lifetime of a refresh token, counted from the login or the refresh that issued it
 *     ({@code auth.refresh-ttl}, 30 days): a device unused that long is signed out
 * @param loginPerAccount login attempts per username, whoever makes them ({@code auth.login-per-hour-per-account},
 *     {@code auth.login-burst-per-account})
 * @param loginPerAddress login attempts per client address, whatever the username
 * @param registerPerAddress registrations per client address
 * @param searchPerUser user searches per signed-in user ({@code users.search-per-minute}, {@code users.search-burst})
 * @param avatarUploadsPerUser avatar uploads per signed-in user ({@code users.avatar-uploads-per-hour},
 *     {@code users.avatar-uploads-burst})
 */
public record AuthSettings(Duration accessTtl, Duration refreshTtl, RateLimit loginPerAccount,
        RateLimit loginPerAddress, RateLimit registerPerAddress, RateLimit searchPerUser,
        RateLimit avatarUploadsPerUser) {

    /** The documented defaults. */
    public static final AuthSettings DEFAULTS = new AuthSettings(Duration.ofMinutes(15), Duration.ofDays(30),
            loginPerAccount(30, 5), loginPerAddress(300, 50), registerPerAddress(30, 10), searchPerUser(60, 20),
            avatarUploadsPerUser(30, 10));

    public AuthSettings {
        requireNonNull(accessTtl, "accessTtl");
        requireNonNull(refreshTtl, "refreshTtl");
        requireNonNull(loginPerAccount, "loginPerAccount");
        requireNonNull(loginPerAddress, "loginPerAddress");
        requireNonNull(registerPerAddress, "registerPerAddress");
        requireNonNull(searchPerUser, "searchPerUser");
        requireNonNull(avatarUploadsPerUser, "avatarUploadsPerUser");
    }

    public static RateLimit loginPerAccount(int perHour, int burst) {
        return new RateLimit("login.account", perHour, Duration.ofHours(1), burst);
    }

    public static RateLimit loginPerAddress(int perHour, int burst) {
        return new RateLimit("login.address", perHour, Duration.ofHours(1), burst);
    }

    public static RateLimit registerPerAddress(int perHour, int burst) {
        return new RateLimit("register.address", perHour, Duration.ofHours(1), burst);
    }

    public static RateLimit searchPerUser(int perMinute, int burst) {
        return new RateLimit("search.user", perMinute, Duration.ofMinutes(1), burst);
    }

    public static RateLimit avatarUploadsPerUser(int perHour, int burst) {
        return new RateLimit("avatar.user", perHour, Duration.ofHours(1), burst);
    }
}
