package io.cellchat.rpc.users;

import static java.util.Objects.requireNonNull;

import io.cellchat.contracts.internal.v1.AudienceRequest;
import io.cellchat.contracts.internal.v1.TiesRequest;
import io.cellchat.contracts.internal.v1.UsersGrpc;
import io.cellchat.domain.social.SocialGraph;
import io.cellchat.domain.social.Tie;
import io.cellchat.rpc.RpcClients;
import io.cellchat.rpc.RpcErrors;
import io.cellchat.rpc.RpcSettings;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link SocialGraph} answered by the users role of a distributed cell, over gRPC: the facts (contacts, blocks,
 * privacy settings) that a messaging server's {@link io.cellchat.domain.social.Authorization} reads, so that the
 * policy is the same component in the single process and in the cell. Same deadline and {@code UNAVAILABLE} as
 * {@link GrpcIdentities}; a subject the users role does not return counts as {@link Tie#STRANGERS}, as the port says.
 */
public final class GrpcSocialGraph implements SocialGraph {

    private final UsersGrpc.UsersBlockingStub stub;
    private final RpcSettings settings;

    public GrpcSocialGraph(RpcSettings settings) {
        this.settings = requireNonNull(settings, "settings");
        this.stub = RpcClients.stub(settings, UsersGrpc.UsersBlockingStub.class);
    }

    @Override
    public Map<Long, Tie> ties(long viewer, Collection<Long> subjects) {
        Map<Long, Tie> ties = new HashMap<>();
        List<Long> ids = List.copyOf(subjects);
        for (int from = 0; from < ids.size(); from += UsersGrpcService.MAX_USERS) {
            TiesRequest request = TiesRequest.newBuilder().setViewer(viewer)
                    .addAllSubjects(ids.subList(from, Math.min(ids.size(), from + UsersGrpcService.MAX_USERS)))
                    .build();
            ties.putAll(UsersCodec.ties(RpcErrors.call(GrpcIdentities.SERVICE,
                    () -> RpcClients.withDeadline(stub, settings).ties(request))));
        }
        ids.forEach(id -> ties.putIfAbsent(id, Tie.STRANGERS));
        return ties;
    }

    @Override
    public Map<Long, Tie> audience(long subject, Collection<Long> viewers) {
        Map<Long, Tie> ties = new HashMap<>();
        List<Long> ids = List.copyOf(viewers);
        for (int from = 0; from < ids.size(); from += UsersGrpcService.MAX_USERS) {
            AudienceRequest request = AudienceRequest.newBuilder().setSubject(subject)
                    .addAllViewers(ids.subList(from, Math.min(ids.size(), from + UsersGrpcService.MAX_USERS)))
                    .build();
            ties.putAll(UsersCodec.ties(RpcErrors.call(GrpcIdentities.SERVICE,
                    () -> RpcClients.withDeadline(stub, settings).audience(request))));
        }
        ids.forEach(id -> ties.putIfAbsent(id, Tie.STRANGERS));
        return ties;
    }
}
