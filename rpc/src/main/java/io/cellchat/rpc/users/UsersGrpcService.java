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
import io.cellchat.contracts.internal.v1.SessionResponse;
import io.cellchat.contracts.internal.v1.UsersGrpc;
import io.cellchat.domain.account.Accounts;
import io.cellchat.domain.account.Principal;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.rpc.RpcErrors;
import io.grpc.stub.StreamObserver;
import java.util.Collection;
import java.util.Optional;

/**
 * The server side of the users API: each call is the same call on the users role's {@link Accounts}, so the rules
 * (and their refusals) are those of the single process. Served by {@code cellchat serve --role users}.
 */
public final class UsersGrpcService extends UsersGrpc.UsersImplBase {

    /** Most user IDs in one {@code Profiles} call. */
    static final int MAX_PROFILES = 2_000;

    private final Accounts accounts;

    public UsersGrpcService(Accounts accounts) {
        this.accounts = requireNonNull(accounts, "accounts");
    }

    @Override
    public void authenticate(AuthenticateRequest request, StreamObserver<AuthenticateResponse> response) {
        RpcErrors.answer(response, () -> found(accounts.authenticate(request.getToken())));
    }

    @Override
    public void profiles(ProfilesRequest request, StreamObserver<ProfilesResponse> response) {
        RpcErrors.answer(response, () -> {
            if (request.getUserIdsCount() > MAX_PROFILES) {
                throw new ChatException(ChatError.INVALID_ARGUMENT,
                        "user_ids: " + request.getUserIdsCount() + " (expected: <= " + MAX_PROFILES + ")");
            }
            return profiles(accounts.profiles(request.getUserIdsList()).values());
        });
    }

    @Override
    public void search(SearchRequest request, StreamObserver<ProfilesResponse> response) {
        RpcErrors.answer(response, () -> profiles(accounts.search(request.getQuery(), request.getLimit())));
    }

    @Override
    public void register(RegisterRequest request, StreamObserver<SessionResponse> response) {
        RpcErrors.answer(response, () -> UsersCodec.session(accounts.register(request.getUsername(),
                request.getPassword(), request.getDisplayName(), request.getDeviceName())));
    }

    @Override
    public void login(LoginRequest request, StreamObserver<SessionResponse> response) {
        RpcErrors.answer(response, () -> UsersCodec.session(
                accounts.login(request.getUsername(), request.getPassword(), request.getDeviceName())));
    }

    @Override
    public void logout(LogoutRequest request, StreamObserver<AuthenticateResponse> response) {
        RpcErrors.answer(response, () -> found(accounts.logout(request.getToken())));
    }

    private static AuthenticateResponse found(Optional<Principal> principal) {
        return principal.map(p -> AuthenticateResponse.newBuilder().setFound(true)
                        .setPrincipal(UsersCodec.principal(p)).build())
                .orElse(AuthenticateResponse.getDefaultInstance());
    }

    private static ProfilesResponse profiles(Collection<io.cellchat.domain.account.Profile> profiles) {
        ProfilesResponse.Builder builder = ProfilesResponse.newBuilder();
        profiles.forEach(profile -> builder.addProfiles(UsersCodec.profile(profile)));
        return builder.build();
    }
}
