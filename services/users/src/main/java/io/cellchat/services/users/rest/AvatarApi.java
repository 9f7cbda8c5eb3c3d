package io.cellchat.services.users.rest;

import static io.cellchat.services.users.rest.Rest.json;
import static io.cellchat.services.users.rest.Rest.profile;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Delete;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Put;
import io.cellchat.domain.account.Accounts;
import io.cellchat.domain.account.AvatarStore.Avatar;
import io.cellchat.domain.account.Principal;
import io.cellchat.platform.server.BearerAuth;
import io.cellchat.services.users.avatar.AvatarImages;
import io.cellchat.services.users.avatar.AvatarService;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Avatars over REST (bearer token; docs/protocol.md, "Avatars"). {@code PUT /me/avatar} takes the raw image as the
 * body, whatever its {@code Content-Type} (the bytes decide), up to {@link AvatarImages#MAX_BYTES}: this service is
 * bound with that body limit, the rest of the API keeps 8 KiB. {@code GET /users/{id}/avatar?v=} serves the JPEG with
 * an {@code ETag} of its version and, as a versioned URL never changes, {@code Cache-Control: private, max-age=one
 * year, immutable} ({@code no-cache} without {@code v}); {@code Vary: Authorization}, as what a viewer may see
 * depends on who they are.
 */
public final class AvatarApi {

    static final String IMMUTABLE = "private, max-age=31536000, immutable";
    static final String REVALIDATE = "private, no-cache";

    private final AvatarService avatars;
    private final BearerAuth auth;

    public AvatarApi(Accounts accounts, AvatarService avatars) {
        this.avatars = avatars;
        this.auth = new BearerAuth(accounts::authenticate);
    }

    @Put("/me/avatar")
    @Blocking
    public HttpResponse upload(ServiceRequestContext ctx, AggregatedHttpRequest request) {
        Principal principal = auth.require(ctx);
        return json(HttpStatus.OK, profile(avatars.upload(principal.userId(), request.content().array())));
    }

    @Delete("/me/avatar")
    @Blocking
    public HttpResponse delete(ServiceRequestContext ctx) {
        avatars.delete(auth.require(ctx).userId());
        return HttpResponse.of(HttpStatus.NO_CONTENT);
    }

    @Get("/users/{id}/avatar")
    @Blocking
    public HttpResponse avatar(ServiceRequestContext ctx, @Param("id") long id, @Param("v") Optional<Long> v) {
        Principal principal = auth.require(ctx);
        OptionalLong version = v.map(OptionalLong::of).orElse(OptionalLong.empty());
        Avatar avatar = avatars.avatar(principal.userId(), id, version);
        String tag = "\"" + avatar.version() + "\"";
        ResponseHeadersBuilder headers = ResponseHeaders.builder(HttpStatus.OK)
                .set(HttpHeaderNames.ETAG, tag)
                .set(HttpHeaderNames.CACHE_CONTROL, version.isPresent() ? IMMUTABLE : REVALIDATE)
                .set(HttpHeaderNames.VARY, "Authorization");
        if (matches(ctx.request().headers().get(HttpHeaderNames.IF_NONE_MATCH), tag)) {
            return HttpResponse.of(headers.status(HttpStatus.NOT_MODIFIED).build());
        }
        return HttpResponse.of(headers.contentType(MediaType.parse(avatar.contentType()))
                .set(HttpHeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff")
                .build(), HttpData.wrap(avatar.image()));
    }

    /** RFC 9110 13.1.2: {@code *}, or a list of tags compared weakly. */
    static boolean matches(@Nullable String ifNoneMatch, String tag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String trimmed = candidate.strip();
            if (trimmed.equals("*") || trimmed.equals(tag) || trimmed.equals("W/" + tag)) {
                return true;
            }
        }
        return false;
    }
}
