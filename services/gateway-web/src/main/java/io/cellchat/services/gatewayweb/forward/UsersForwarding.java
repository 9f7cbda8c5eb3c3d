package io.cellchat.services.gatewayweb.forward;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.platform.server.RestErrors;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's account endpoints in a distributed cell: {@code /api/v1/auth/*}, {@code /api/v1/me/*} and
 * {@code /api/v1/users*} are the users role's own REST API, and the gateway forwards each request there as it came
 * (method, path, query, headers, body), adding {@code X-Forwarded-For} so that the users role counts rate limits per
 * client address and lists it with the device. One implementation of the API, in the users service; the gateway
 * adds no rule. A users role that is down or slower than the deadline gives {@code 503 UNAVAILABLE} in the
 * protocol's error format (docs/protocol.md, "REST"), as every other refusal.
 */
public final class UsersForwarding {

    private static final Logger log = LoggerFactory.getLogger(UsersForwarding.class);

    /** The path prefixes the users role serves. */
    static final String[] PREFIXES = {"/api/v1/auth/", "/api/v1/me/"};

    private final WebClient users;

    /**
     * @param users the users role's base URL ({@code users.url})
     * @param deadline how long one forwarded request may take ({@code rpc.deadline})
     */
    public UsersForwarding(URI users, Duration deadline) {
        this.users = WebClient.builder(requireNonNull(users, "users")).responseTimeout(deadline)
                .maxResponseLength(0).build();
    }

    public void addRoutes(ServerBuilder server) {
        for (String prefix : PREFIXES) {
            server.serviceUnder(prefix, this::forward);
        }
        server.service("/api/v1/users", this::forward);
        server.serviceUnder("/api/v1/users/", this::forward);
    }

    private HttpResponse forward(ServiceRequestContext ctx, HttpRequest req) {
        RequestHeaders headers = req.headers().toBuilder()
                .removeAndThen(HttpHeaderNames.AUTHORITY)
                .removeAndThen(HttpHeaderNames.HOST)
                .set(HttpHeaderNames.X_FORWARDED_FOR, ctx.clientAddress().getHostAddress())
                .build();
        return users.execute(req.withHeaders(headers)).recover(failure -> {
            log.warn("{} {}: users service unreachable ({})", req.method(), req.path(), failure.toString());
            return RestErrors.response(
                    new ChatException(ChatError.UNAVAILABLE, "users service is unreachable; try again"));
        });
    }
}
