package io.cellchat.services.gatewayweb.connect;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Get;
import io.cellchat.contracts.ProtoJson;
import io.cellchat.contracts.v1.ConnectInfo;
import io.cellchat.domain.account.Principal;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.partition.PartitionHash;
import io.cellchat.domain.partition.RoutingTable;
import io.cellchat.domain.partition.RoutingTable.Route;
import io.cellchat.platform.server.BearerAuth;
import io.cellchat.platform.server.RestErrors;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/connect}: tells a signed-in client which messaging server to open its WebSocket on, the one
 * that owns its partition of {@code chat.deliveries} (the {@link RoutingTable} says which). A client asks after login
 * and again after a failed connect; a {@code reconnect} hint from a server names the new address directly.
 *
 * <p>Answers (proto3 JSON): 200 {@code ConnectInfo}; 401 {@code UNAUTHENTICATED} without a valid token; 503
 * {@code UNAVAILABLE} with {@code Retry-After: 1} while no live server claims the partition (a move in progress, or
 * every messaging server down) or the routing table cannot be read.
 */
public final class ConnectApi {

    private static final Logger log = LoggerFactory.getLogger(ConnectApi.class);
    private final BearerAuth auth;
    private final RoutingTable routes;
    private final int partitions;

    /**
     * @param partitions the cell's partition count ({@code kafka.topics.deliveries.partitions})
     */
    public ConnectApi(BearerAuth auth, RoutingTable routes, int partitions) {
        this.auth = requireNonNull(auth, "auth");
        this.routes = requireNonNull(routes, "routes");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions: " + partitions + " (expected: >= 1)");
        }
        this.partitions = partitions;
    }

    @Get("/connect")
    @Blocking
    public HttpResponse connect(ServiceRequestContext ctx) {
        Principal caller = auth.require(ctx);
        int partition = PartitionHash.partitionOf(caller.userId(), partitions);
        @Nullable Route route;
        try {
            route = routes.route(partition).orElse(null);
        } catch (RuntimeException e) {
            return unavailable("the routing table cannot be read right now; retry");
        }
        if (route == null) {
            return unavailable("no messaging server owns partition " + partition + " right now; retry");
        }
        @Nullable String url = webSocketUrl(route.address());
        if (url == null) {
            log.error("partition {} is claimed with an address that is not http(s)://host:port: '{}'", partition,
                    route.address());
            return unavailable("partition " + partition + " has no usable address right now; retry");
        }
        ConnectInfo info = ConnectInfo.newBuilder().setUrl(url).setPartition(partition).build();
        return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, ProtoJson.print(info));
    }

    /** Adds {@code GET /api/v1/connect} to a server, with the REST error mapping. */
    public void addRoute(ServerBuilder server) {
        server.annotatedService().pathPrefix("/api/v1").exceptionHandlers(new RestErrors()).build(this);
    }

    /** {@code http://host:port} → {@code ws://host:port/ws/v1}, {@code https} → {@code wss}; null if malformed. */
    static @Nullable String webSocketUrl(String address) {
        URI base;
        try {
            base = new URI(address);
        } catch (URISyntaxException e) {
            return null;
        }
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getRawAuthority() == null) {
            return null;
        }
        return ("https".equals(base.getScheme()) ? "wss" : "ws") + "://" + base.getRawAuthority() + "/ws/v1";
    }

    private static HttpResponse unavailable(String message) {
        return HttpResponse.ofJson(ResponseHeaders.builder(HttpStatus.SERVICE_UNAVAILABLE)
                        .add(HttpHeaderNames.RETRY_AFTER, "1")
                        .build(),
                Map.of("code", ChatError.UNAVAILABLE.name(), "message", message));
    }
}
