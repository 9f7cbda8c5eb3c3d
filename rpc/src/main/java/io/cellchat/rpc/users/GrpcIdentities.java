package io.cellchat.rpc.users;

import static java.util.Objects.requireNonNull;

import io.cellchat.contracts.internal.v1.AuthenticateRequest;
import io.cellchat.contracts.internal.v1.AuthenticateResponse;
import io.cellchat.contracts.internal.v1.ProfilesRequest;
import io.cellchat.contracts.internal.v1.ProfilesResponse;
import io.cellchat.contracts.internal.v1.UsersGrpc;
import io.cellchat.domain.account.Identities;
import io.cellchat.domain.account.Principal;
import io.cellchat.domain.account.Profile;
import io.cellchat.rpc.RpcClients;
import io.cellchat.rpc.RpcErrors;
import io.cellchat.rpc.RpcSettings;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Identities} answered by the users role of a distributed cell, over gRPC: token checks and profiles for a
 * messaging server. Each call goes to the users role with a deadline. Refusals arrive as the same
 * {@link io.cellchat.domain.error.ChatException} as in the single process; a users role that is down or late gives
 * {@code UNAVAILABLE} (retriable) within the deadline, never a hang. Blocking: call it off the event loop, as the
 * callers of {@link Identities} already do.
 */
public final class GrpcIdentities implements Identities {

    static final String SERVICE = "users service";

    private final UsersGrpc.UsersBlockingStub stub;
    private final RpcSettings settings;

    public GrpcIdentities(RpcSettings settings) {
        this.settings = requireNonNull(settings, "settings");
        this.stub = RpcClients.stub(settings, UsersGrpc.UsersBlockingStub.class);
    }

    @Override
    public Optional<Principal> authenticate(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        AuthenticateRequest request = AuthenticateRequest.newBuilder().setToken(token).build();
        AuthenticateResponse response =
                RpcErrors.call(SERVICE, () -> RpcClients.withDeadline(stub, settings).authenticate(request));
        return response.getFound() ? Optional.of(UsersCodec.principal(response.getPrincipal())) : Optional.empty();
    }

    @Override
    public Map<Long, Profile> profiles(Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        Map<Long, Profile> profiles = new HashMap<>();
        List<Long> ids = List.copyOf(userIds);
        for (int from = 0; from < ids.size(); from += UsersGrpcService.MAX_USERS) {
            ProfilesRequest request = ProfilesRequest.newBuilder()
                    .addAllUserIds(ids.subList(from, Math.min(ids.size(), from + UsersGrpcService.MAX_USERS)))
                    .build();
            ProfilesResponse response =
                    RpcErrors.call(SERVICE, () -> RpcClients.withDeadline(stub, settings).profiles(request));
            response.getProfilesList().forEach(p -> profiles.put(p.getUserId(), UsersCodec.profile(p)));
        }
        return profiles;
    }
}
