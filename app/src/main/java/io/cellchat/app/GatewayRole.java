package io.cellchat.app;

import io.cellchat.domain.account.Accounts;
import io.cellchat.platform.redis.RedisRoutingTable;
import io.cellchat.platform.redis.SharedRedis;
import io.cellchat.platform.server.BearerAuth;
import io.cellchat.platform.server.BuildInfo;
import io.cellchat.platform.observability.HealthCheck;
import io.cellchat.rpc.RpcSettings;
import io.cellchat.rpc.users.GrpcAccounts;
import io.cellchat.services.gatewayweb.WebGateway;
import io.cellchat.services.gatewayweb.connect.ConnectApi;
import io.cellchat.services.users.UsersService;
import java.util.List;

/**
 * The composition root of {@code cellchat serve --role gateway}, the web gateway of a cell: it serves the web client,
 * the account endpoints under {@code /api/v1} (register, login, logout, user search) on the users role's gRPC API,
 * and {@code GET /api/v1/connect}, which tells a signed-in client which messaging server owns its partition (from the
 * routing table in Redis). It holds no state of its own: run as many as the traffic needs.
 */
final class GatewayRole implements AutoCloseable {

    private final RoleServer server;
    private final SharedRedis redis;
    private final RedisRoutingTable routes;
    private final CachedProbe usersProbe;

    private GatewayRole(Config config, BuildInfo build) {
        server = RoleServer.start("gateway", config, build);
        redis = Engines.redis(config);
        routes = new RedisRoutingTable(redis);
        Accounts accounts = new GrpcAccounts(new RpcSettings(config.uri("users.url"), config.duration("rpc.deadline")));
        // A users role that is down makes the account endpoints answer 503; readiness says so too.
        usersProbe = new CachedProbe("users", () -> accounts.profiles(List.of(0L)) != null);
        ConnectApi connect = new ConnectApi(new BearerAuth(accounts::authenticate), routes,
                config.integer("kafka.topics.deliveries.partitions"));
        server.serve(List.of(new HealthCheck("redis", redis::isHealthy), usersProbe.check()), routes -> {
            new UsersService(accounts).addRoutes(routes);
            connect.addRoute(routes);
            new WebGateway().addRoutes(routes);
        });
    }

    static GatewayRole start(Config config, BuildInfo build) {
        return new GatewayRole(config, build);
    }

    int port() {
        return server.port();
    }

    void awaitTermination() {
        server.awaitTermination();
    }

    @Override
    public void close() {
        server.close();
        usersProbe.close();
        routes.close();
        redis.close();
    }
}
