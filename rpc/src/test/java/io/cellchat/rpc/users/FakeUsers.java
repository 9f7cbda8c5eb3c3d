package io.cellchat.rpc.users;

import io.cellchat.domain.account.Identities;
import io.cellchat.domain.account.Principal;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.social.Audience;
import io.cellchat.domain.social.PrivacySettings;
import io.cellchat.domain.social.SocialGraph;
import io.cellchat.domain.social.Tie;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The users role's side for the RPC tests: one user with one token, user 7 a contact of everyone who keeps their
 * last seen to contacts, user 8 blocked by everyone; and switches to fail or hang.
 */
final class FakeUsers implements Identities, SocialGraph {

    static final Principal ALICE = new Principal(42, 4201);
    static final Profile ALICE_PROFILE = new Profile(42, "alice", "Alice Liddell", "down the hole", 3);
    static final PrivacySettings SEVENS_SETTINGS =
            new PrivacySettings(Audience.CONTACTS, Audience.CONTACTS, Audience.EVERYONE);

    volatile RuntimeException failure;
    volatile CountDownLatch hang;
    volatile int calls;

    private void behave() {
        calls++;
        CountDownLatch latch = hang;
        if (latch != null) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public Optional<Principal> authenticate(String token) {
        behave();
        return token.equals("alice-token") ? Optional.of(ALICE) : Optional.empty();
    }

    @Override
    public Map<Long, Profile> profiles(Collection<Long> userIds) {
        behave();
        Map<Long, Profile> found = new HashMap<>();
        for (long id : userIds) {
            found.put(id, id == 42 ? ALICE_PROFILE : new Profile(id, "user" + id, "User " + id));
        }
        return found;
    }

    @Override
    public Map<Long, Tie> ties(long viewer, Collection<Long> subjects) {
        behave();
        Map<Long, Tie> ties = new HashMap<>();
        for (long subject : subjects) {
            ties.put(subject, tie(subject));
        }
        return ties;
    }

    @Override
    public Map<Long, Tie> audience(long subject, Collection<Long> viewers) {
        behave();
        Map<Long, Tie> ties = new HashMap<>();
        for (long viewer : viewers) {
            ties.put(viewer, tie(viewer));
        }
        return ties;
    }

    private static Tie tie(long other) {
        if (other == 7) {
            return new Tie(true, false, false, SEVENS_SETTINGS);
        }
        return other == 8 ? new Tie(false, false, true, PrivacySettings.DEFAULTS) : Tie.STRANGERS;
    }
}
