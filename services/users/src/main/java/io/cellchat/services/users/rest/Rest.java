package io.cellchat.services.users.rest;

import com.google.protobuf.Message;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.cellchat.contracts.ProtoJson;
import io.cellchat.contracts.codec.MalformedMessageException;
import io.cellchat.contracts.codec.StrictJson;
import io.cellchat.contracts.v1.UserProfile;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.account.Session;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;

/** What the users service's REST endpoints share: strict bodies, JSON answers, the client address, mappings. */
final class Rest {

    private Rest() {}

    /** The body, read strictly (see {@link StrictJson}); the HTTP layer already refused one over 8 KiB. */
    static <B extends Message.Builder> B parse(AggregatedHttpRequest request, B builder) {
        try {
            return StrictJson.parse(request.content().array(), builder);
        } catch (MalformedMessageException e) {
            throw new ChatException(ChatError.INVALID_ARGUMENT, "body: not a "
                    + builder.getDescriptorForType().getName() + ": " + e.getMessage());
        }
    }

    /**
     * The client's address: the TCP peer, unless the server trusts that peer to forward (a cell's users role trusts
     * its gateways' {@code X-Forwarded-For}; {@code cellchat dev} trusts no one).
     */
    static String address(ServiceRequestContext ctx) {
        return ctx.clientAddress().getHostAddress();
    }

    static HttpResponse json(HttpStatus status, Message message) {
        return HttpResponse.of(status, MediaType.JSON_UTF_8, ProtoJson.print(message));
    }

    static io.cellchat.contracts.v1.Session session(Session session) {
        return io.cellchat.contracts.v1.Session.newBuilder()
                .setToken(session.token())
                .setUserId(session.principal().userId())
                .setDeviceId(session.principal().deviceId())
                .setExpiresAtMs(session.expiresAt().toEpochMilli())
                .setRefreshToken(session.refreshToken())
                .setRefreshExpiresAtMs(session.refreshExpiresAt().toEpochMilli())
                .setProfile(profile(session.profile()))
                .build();
    }

    static UserProfile profile(Profile profile) {
        return UserProfile.newBuilder()
                .setUserId(profile.userId())
                .setUsername(profile.username())
                .setDisplayName(profile.displayName())
                .setBio(profile.bio())
                .setAvatarVersion(profile.avatarVersion())
                .build();
    }
}
