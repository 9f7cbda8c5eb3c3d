package io.cellchat.domain.account;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Port: who holds an access token, and what users are called: all the messaging edges ask of the users service.
 * In the single process the users service answers it in memory; in a distributed cell the messaging role asks the
 * users role over gRPC with a deadline, and a users role that is down gives {@code UNAVAILABLE} (retriable).
 */
public interface Identities {

    /** The principal of a valid, unexpired access token of a session that was not ended. */
    Optional<Principal> authenticate(String token);

    /** The profiles of the users that exist among {@code userIds}, by ID. */
    Map<Long, Profile> profiles(Collection<Long> userIds);

    default Optional<Profile> profile(long userId) {
        return Optional.ofNullable(profiles(List.of(userId)).get(userId));
    }
}
