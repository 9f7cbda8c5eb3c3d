package io.cellchat.domain.account;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Port: accounts and their device sessions, as the edges (WebSocket, REST) need them. Implemented by the users
 * service; refusals are {@link io.cellchat.domain.chat.ChatException}s ({@code USERNAME_TAKEN},
 * {@code INVALID_CREDENTIALS}, {@code INVALID_ARGUMENT}).
 */
public interface Accounts {

    /** Creates an account and logs it in on a first device. */
    Session register(String username, String password, String displayName, String deviceName);

    Session login(String username, String password, String deviceName);

    /** Ends the session of this token; returns the principal it belonged to, if any. */
    Optional<Principal> logout(String token);

    /** The principal of a valid, unexpired token. */
    Optional<Principal> authenticate(String token);

    Map<Long, Profile> profiles(Collection<Long> userIds);

    default Optional<Profile> profile(long userId) {
        return Optional.ofNullable(profiles(List.of(userId)).get(userId));
    }

    /** Users whose username or display name starts with {@code query}, case-insensitive. */
    List<Profile> search(String query, int limit);
}
