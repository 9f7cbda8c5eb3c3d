package io.cellchat.rpc.users;

import static java.util.Objects.requireNonNull;

import io.cellchat.contracts.internal.v1.AuthenticateRequest;
import io.cellchat.contracts.internal.v1.AuthenticateResponse;
import io.cellchat.contracts.internal.v1.LoginRequest;
import io.cellchat.contracts.internal.v1.LogoutRequest;
import io.cellchat.contracts.internal.v1.ProfilesRequest;
import io.cellchat.contracts.internal.v1.ProfilesResponse;
import io.cellchat.contracts.internal.v1.RegisterRequest;
import io.cellchat.contracts.internal.v1.SearchRequest;
import io.cellchat.contracts.internal.v1.UsersGrpc;
import io.cellchat.domain.account.Accounts;
import io.cellchat.domain.account.Principal;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.account.Session;
import io.cellchat.rpc.RpcClients;
import io.cellchat.rpc.RpcErrors;
import io.cellchat.rpc.RpcSettings;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Accounts} over gRPC, for the roles that do not hold the accounts (messaging servers, gateways): every call
 * goes to the users role with a deadline. Refusals arrive as the same {@link io.cellchat.domain.error.ChatException}
 * as in the single process; a users role that is down or late gives {@code UNAVAILABLE} (retriable) within the
 * deadline, never a hang. Blocking: call it off the event loop, as the callers of {@link Accounts} already do.
 */
public final class GrpcAccounts implements Accounts {

    private static final String SERVICE = "users service";

    private final UsersGrpc.UsersBlockingStub stub;
    private final RpcSettings settings;

    public GrpcAccounts(RpcSettings settings) {
        this.settings = requireNonNull(settings, "settings");
        this.stub = RpcClients.stub(settings, UsersGrpc.UsersBlockingStub.class);
    }

    private UsersGrpc.UsersBlockingStub call() {
        return RpcClients.withDeadline(stub, settings);
    }

    @Override
    public Session register(String username, String password, String displayName, String deviceName) {
        RegisterRequest request = RegisterRequest.newBuilder()
                .setUsername(nonNull(username)).setPassword(nonNull(password))
                .setDisplayName(nonNull(displayName)).setDeviceName(nonNull(deviceName))
                .build();
        return UsersCodec.session(RpcErrors.call(SERVICE, () -> call().register(request)));
    }

    @Override
    public Session login(String username, String password, String deviceName) {
        LoginRequest request = LoginRequest.newBuilder()
                .setUsername(nonNull(username)).setPassword(nonNull(password)).setDeviceName(nonNull(deviceName))
                .build();
        return UsersCodec.session(RpcErrors.call(SERVICE, () -> call().login(request)));
    }

    @Override
    public Optional<Principal> logout(String token) {
        LogoutRequest request = LogoutRequest.newBuilder().setToken(nonNull(token)).build();
        return principal(RpcErrors.call(SERVICE, () -> call().logout(request)));
    }

    @Override
    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        AuthenticateRequest request = AuthenticateRequest.newBuilder().setToken(token).build();
        return principal(RpcErrors.call(SERVICE, () -> call().authenticate(request)));
    }

    @Override
    public Map<Long, Profile> profiles(Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Profile> profiles = new HashMap<>();
        List<Long> ids = List.copyOf(userIds);
        for (int from = 0; from < ids.size(); from += UsersGrpcService.MAX_PROFILES) {
            ProfilesRequest request = ProfilesRequest.newBuilder()
                    .addAllUserIds(ids.subList(from, Math.min(ids.size(), from + UsersGrpcService.MAX_PROFILES)))
                    .build();
            ProfilesResponse response = RpcErrors.call(SERVICE, () -> call().profiles(request));
            response.getProfilesList().forEach(p -> profiles.put(p.getUserId(), UsersCodec.profile(p)));
        }
        return profiles;
    }

    @Override
    public List<Profile> search(String query, int limit) {
        SearchRequest request = SearchRequest.newBuilder().setQuery(nonNull(query)).setLimit(limit).build();
        List<Profile> found = new ArrayList<>();
        RpcErrors.call(SERVICE, () -> call().search(request)).getProfilesList()
                .forEach(p -> found.add(UsersCodec.profile(p)));
        return found;
    }

    private static Optional<Principal> principal(AuthenticateResponse response) {
        return response.getFound() ? Optional.of(UsersCodec.principal(response.getPrincipal())) : Optional.empty();
    }

    /** Protobuf strings cannot be null; the users role reads an empty string as "missing", as it reads null. */
    private static String nonNull(String value) {
        return value == null ? "" : value;
    }
}
