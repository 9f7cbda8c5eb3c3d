package io.cellchat.rpc.users;

import static java.util.Objects.requireNonNull;

import io.cellchat.contracts.internal.v1.AudienceRequest;
import io.cellchat.contracts.internal.v1.AuthenticateRequest;
import io.cellchat.contracts.internal.v1.AuthenticateResponse;
import io.cellchat.contracts.internal.v1.ProfilesRequest;
import io.cellchat.contracts.internal.v1.ProfilesResponse;
import io.cellchat.contracts.internal.v1.TiesRequest;
import io.cellchat.contracts.internal.v1.TiesResponse;
import io.cellchat.contracts.internal.v1.UsersGrpc;
import io.cellchat.domain.account.Identities;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.domain.social.SocialGraph;
import io.cellchat.rpc.RpcErrors;
import io.grpc.stub.StreamObserver;

/**
 * The server side of the users API: each call is the same call on the users role's {@link Identities} or
 * {@link SocialGraph}, so the rules (and their refusals) are those of the single process. Served by
 * {@code cellchat serve --role users}.
 */
public final class UsersGrpcService extends UsersGrpc.UsersImplBase {

    /** Most user IDs in one call. */
    static final int MAX_USERS = 2_000;

    private final Identities identities;
    private final SocialGraph graph;

    public UsersGrpcService(Identities identities, SocialGraph graph) {
        this.identities = requireNonNull(identities, "identities");
        this.graph = requireNonNull(graph, "graph");
    }

    @Override
    public void authenticate(AuthenticateRequest request, StreamObserver<AuthenticateResponse> response) {
        RpcErrors.answer(response, () -> identities.authenticate(request.getToken())
                .map(p -> AuthenticateResponse.newBuilder().setFound(true).setPrincipal(UsersCodec.principal(p))
                        .build())
                .orElse(AuthenticateResponse.getDefaultInstance()));
    }

    @Override
    public void profiles(ProfilesRequest request, StreamObserver<ProfilesResponse> response) {
        RpcErrors.answer(response, () -> {
            checkCount("user_ids", request.getUserIdsCount());
            ProfilesResponse.Builder builder = ProfilesResponse.newBuilder();
            identities.profiles(request.getUserIdsList()).values()
                    .forEach(profile -> builder.addProfiles(UsersCodec.profile(profile)));
            return builder.build();
        });
    }

    @Override
    public void ties(TiesRequest request, StreamObserver<TiesResponse> response) {
        RpcErrors.answer(response, () -> {
            checkCount("subjects", request.getSubjectsCount());
            return UsersCodec.ties(graph.ties(request.getViewer(), request.getSubjectsList()));
        });
    }

    @Override
    public void audience(AudienceRequest request, StreamObserver<TiesResponse> response) {
        RpcErrors.answer(response, () -> {
            checkCount("viewers", request.getViewersCount());
            return UsersCodec.ties(graph.audience(request.getSubject(), request.getViewersList()));
        });
    }

    private static void checkCount(String field, int count) {
        if (count > MAX_USERS) {
            throw new ChatException(ChatError.INVALID_ARGUMENT,
                    field + ": " + count + " (expected: <= " + MAX_USERS + ")");
        }
    }
}
