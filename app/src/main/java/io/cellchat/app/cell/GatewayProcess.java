package io.cellchat.app.cell;

import static java.util.Objects.requireNonNull;

import io.cellchat.app.TelemetrySettings;
import io.cellchat.domain.account.Identities;
import io.cellchat.platform.redis.RedisHealth;
import io.cellchat.platform.redis.RedisRoutingTable;
import io.cellchat.platform.redis.RedisSettings;
import io.cellchat.platform.redis.SharedRedis;
import io.cellchat.platform.server.BearerAuth;
import io.cellchat.platform.server.BuildInfo;
import io.cellchat.platform.server.ServerSettings;
import io.cellchat.rpc.RpcSettings;
import io.cellchat.rpc.users.GrpcIdentities;
import io.cellchat.services.gatewayweb.WebGateway;
import io.cellchat.services.gatewayweb.connect.ConnectApi;
import io.cellchat.services.gatewayweb.forward.UsersForwarding;
import java.time.Duration;
import java.util.List;

/**
 * The composition root of {@code cellchat serve --role gateway}, the web gateway of a cell: it serves the web client,
 * forwards the account endpoints ({@code /api/v1/auth}, {@code /api/v1/me}, {@code /api/v1/users}) to the users
 * role's REST API, and {@code GET /api/v1/connect}, which tells a signed-in client which messaging server owns its partition (from the
 * routing table in Redis). It holds no state of its own: run as many as the traffic needs. Ready while Redis answers
 * and the users role is reachable.
 */
public final class GatewayProcess implements AutoCloseable {

    /**
     * What the role needs; built from the configuration keys of docs/configuration.md.
     *
     * @param users where the users role's API is, and the deadline of its gRPC calls
     * @param forwardTimeout how long a forwarded account request may take ({@code gateway.users-timeout})
     * @param partitions the cell's partition count ({@code kafka.topics.deliveries.partitions})
     */
    public record Settings(ServerSettings server, RedisSettings redis, RpcSettings users, Duration forwardTimeout,
            int partitions, TelemetrySettings telemetry) {
        public Settings {
            requireNonNull(telemetry, "telemetry");
            requireNonNull(forwardTimeout, "forwardTimeout");
            requireNonNull(server, "server");
            requireNonNull(redis, "redis");
            requireNonNull(users, "users");
        }
    }

    private final RoleServer server;
    private final SharedRedis redis;
    private final RedisRoutingTable routes;
    private final CachedProbe usersProbe;

    private GatewayProcess(Settings settings, BuildInfo build) {
        server = RoleServer.start("gateway", settings.server(), settings.telemetry(), build);
        redis = EngineWaits.redis(settings.redis(), server.metrics());
        routes = new RedisRoutingTable(redis);
        Identities identities = new GrpcIdentities(settings.users());
        // With the users role down, the account endpoints answer 503 UNAVAILABLE; readiness says so too.
        usersProbe = new CachedProbe("users", () -> identities.profiles(List.of(0L)) != null);
        ConnectApi connect = new ConnectApi(new BearerAuth(identities::authenticate), routes, settings.partitions());
        UsersForwarding users = new UsersForwarding(settings.users().address(), settings.forwardTimeout());
        server.serve(List.of(RedisHealth.check(redis.connection(), server.healthTimeout()), usersProbe.check()),
                builder -> {
            users.addRoutes(builder);
            connect.addRoute(builder);
            new WebGateway().addRoutes(builder);
        });
    }

    /** Starts the role; returns once it serves (it waits for Redis if it is down). */
    public static GatewayProcess start(Settings settings, BuildInfo build) {
        return new GatewayProcess(requireNonNull(settings, "settings"), build);
    }

    public int port() {
        return server.port();
    }

    public void awaitTermination() {
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
