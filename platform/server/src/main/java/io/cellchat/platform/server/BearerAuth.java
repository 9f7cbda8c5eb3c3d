package io.cellchat.platform.server;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.cellchat.domain.account.Principal;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import java.util.Optional;
import java.util.function.Function;

/**
 * Authenticates requests by bearer token: {@code Authorization: Bearer <token>}, or the {@code access_token} query
 * parameter (browsers cannot set headers on a WebSocket). A missing or unknown token is refused with
 * {@code UNAUTHENTICATED} (REST: 401). The check may read the database: call it off the event loop.
 */
public final class BearerAuth {

    private final Function<String, Optional<Principal>> authenticator;

    public BearerAuth(Function<String, Optional<Principal>> authenticator) {
        this.authenticator = requireNonNull(authenticator, "authenticator");
    }

    /** The caller of a request, or {@code UNAUTHENTICATED}. */
    public Principal require(ServiceRequestContext ctx) {
        return authenticator.apply(token(ctx.request().headers(), ctx)).orElseThrow(() -> new ChatException(
                ChatError.UNAUTHENTICATED, "missing, unknown or expired token (expected: Authorization: Bearer <token>)"));
    }

    /** The bearer token of a request, or empty. */
    public static String token(RequestHeaders headers, ServiceRequestContext ctx) {
        String authorization = headers.get(HttpHeaderNames.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        String query = ctx.queryParam("access_token");
        return query == null ? "" : query;
    }
}
