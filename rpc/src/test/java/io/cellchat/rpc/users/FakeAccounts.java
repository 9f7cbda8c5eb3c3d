package io.cellchat.rpc.users;

import io.cellchat.domain.account.Accounts;
import io.cellchat.domain.account.Principal;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.account.Session;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/** Accounts for the RPC tests: one user, one token, and switches to refuse, fail or hang. */
final class FakeAccounts implements Accounts {

    static final Principal ALICE = new Principal(42, 4201);
    static final Profile ALICE_PROFILE = new Profile(42, "alice", "Alice Liddell");

    volatile RuntimeException failure;
    volatile CountDownLatch hang;
    volatile int profileCalls;

    private void behave() {
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
    public Session register(String username, String password, String displayName, String deviceName) {
        behave();
        if (username.equals("alice")) {
            throw new ChatException(ChatError.USERNAME_TAKEN, "username: alice is taken");
        }
        return new Session("new-token", new Principal(7, 701), Instant.ofEpochMilli(1_800_000_000_000L),
                new Profile(7, username, displayName.isEmpty() ? username : displayName));
    }

    @Override
    public Session login(String username, String password, String deviceName) {
        behave();
        throw new ChatException(ChatError.INVALID_CREDENTIALS, "username or password is wrong");
    }

    @Override
    public Optional<Principal> logout(String token) {
        behave();
        return token.equals("alice-token") ? Optional.of(ALICE) : Optional.empty();
    }

    @Override
    public Optional<Principal> authenticate(String token) {
        behave();
        return token.equals("alice-token") ? Optional.of(ALICE) : Optional.empty();
    }

    @Override
    public Map<Long, Profile> profiles(Collection<Long> userIds) {
        behave();
        profileCalls++;
        Map<Long, Profile> found = new HashMap<>();
        for (long id : userIds) {
            found.put(id, id == 42 ? ALICE_PROFILE : new Profile(id, "user" + id, "User " + id));
        }
        return found;
    }

    @Override
    public List<Profile> search(String query, int limit) {
        behave();
        return "ali".equals(query) ? List.of(ALICE_PROFILE) : List.of();
    }
}
