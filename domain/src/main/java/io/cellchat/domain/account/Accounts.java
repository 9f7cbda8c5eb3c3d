package io.cellchat.domain.account;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Port: accounts and their device sessions, as the edges (WebSocket, REST) need them. Implemented by the users
 * service (and over gRPC in a distributed cell); refusals are {@link io.cellchat.domain.error.ChatException}s
 * ({@code USERNAME_TAKEN}, {@code INVALID_CREDENTIALS}, {@code WEAK_PASSWORD}, {@code RATE_LIMITED},
 * {@code UNAUTHENTICATED}, {@code SESSION_NOT_FOUND}, {@code INVALID_ARGUMENT}).
 *
 * <p>What the messaging edges need of it (token checks, profiles) is its narrower side, {@link Identities}.
 *
 * <p>{@code address} is the client's address as the edge saw it: rate limits count per address, and the device
 * list shows it.
 */
public interface Accounts extends Identities {

    /** Creates an account and logs it in on a first device. */
    Session register(String username, String password, String displayName, String deviceName, String address);

    Session login(String username, String password, String deviceName, String address);

    /**
     * Rotates a refresh token: a new access token and a new refresh token for the same device. A refresh token
     * presented a second time ends the session (every token of the device) and is refused.
     */
    Session refresh(String refreshToken, String address);

    /** Ends the session of this access token; returns the principal it belonged to, if any. */
    Optional<Principal> logout(String token);

    /** The user's device sessions, most recently active first. */
    List<Device> devices(Principal principal);

    /** Ends one of the user's sessions; its open connections close within a second. */
    void revoke(Principal principal, long deviceId);

    /** Changes the password after checking the current one, and ends every other session of the user. */
    void changePassword(Principal principal, String currentPassword, String newPassword, String address);

    /**
     * Users whose username starts with, or whose display name contains, {@code query} (case and accents ignored;
     * at least {@value AccountRules#MIN_SEARCH} characters), never those who blocked the searcher; profiles as the
     * searcher may see them.
     *
     * @param cursor empty for the first page, else {@link SearchPage#next()} of the previous one
     */
    SearchPage search(long searcher, String query, String cursor, int limit);
}
