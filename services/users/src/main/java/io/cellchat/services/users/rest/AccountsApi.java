package io.cellchat.services.users.rest;

import com.google.protobuf.Message;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Default;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Post;
import io.cellchat.contracts.ProtoJson;
import io.cellchat.contracts.codec.MalformedMessageException;
import io.cellchat.contracts.codec.StrictJson;
import io.cellchat.contracts.v1.LoginRequest;
import io.cellchat.contracts.v1.RegisterRequest;
import io.cellchat.contracts.v1.UserProfile;
import io.cellchat.contracts.v1.UserSearchResult;
import io.cellchat.domain.account.Accounts;
import io.cellchat.domain.account.Profile;
import io.cellchat.domain.account.Session;
import io.cellchat.domain.error.ChatError;
import io.cellchat.domain.error.ChatException;
import io.cellchat.platform.server.BearerAuth;

/**
 * The account endpoints, in proto3 JSON (see {@code rest.proto}):
 * <ul>
 *   <li>{@code POST /api/v1/auth/register} ({@code RegisterRequest}) → 201 {@code Session}</li>
 *   <li>{@code POST /api/v1/auth/login} ({@code LoginRequest}) → 200 {@code Session}</li>
 *   <li>{@code POST /api/v1/auth/logout} (bearer) → 204; the device's WebSockets close with 4003</li>
 *   <li>{@code GET /api/v1/users?query=} (bearer) → {@code UserSearchResult}</li>
 *   <li>{@code GET /api/v1/users/{id}} (bearer) → {@code UserProfile}</li>
 * </ul>
 * Password hashing is deliberately slow, so these run on the blocking executor.
 */
public final class AccountsApi {

    private final Accounts accounts;
    private final BearerAuth auth;

    public AccountsApi(Accounts accounts) {
        this.accounts = accounts;
        this.auth = new BearerAuth(accounts::authenticate);
    }

    /** Endpoints that need no token. */
    public final class Public {
        @Post("/auth/register")
        @Blocking
        public HttpResponse register(AggregatedHttpRequest request) {
            RegisterRequest body = parse(request, RegisterRequest.newBuilder()).build();
            Session session = accounts.register(body.getUsername(), body.getPassword(), body.getDisplayName(),
                    "first device");
            return json(HttpStatus.CREATED, session(session));
        }

        @Post("/auth/login")
        @Blocking
        public HttpResponse login(AggregatedHttpRequest request) {
            LoginRequest body = parse(request, LoginRequest.newBuilder()).build();
            return json(HttpStatus.OK, session(accounts.login(body.getUsername(), body.getPassword(),
                    body.getDeviceName())));
        }
    }

    /** Endpoints that need a bearer token. */
    public final class Authenticated {
        @Post("/auth/logout")
        @Blocking
        public HttpResponse logout(ServiceRequestContext ctx) {
            auth.require(ctx);
            accounts.logout(BearerAuth.token(ctx.request().headers(), ctx));
            return HttpResponse.of(HttpStatus.NO_CONTENT);
        }

        @Get("/users")
        @Blocking
        public HttpResponse search(ServiceRequestContext ctx, @Param("query") @Default("") String query,
                @Param("limit") @Default("20") int limit) {
            auth.require(ctx);
            UserSearchResult.Builder result = UserSearchResult.newBuilder();
            accounts.search(query, limit).forEach(p -> result.addUsers(profile(p)));
            return json(HttpStatus.OK, result.build());
        }

        @Get("/users/{id}")
        @Blocking
        public HttpResponse user(ServiceRequestContext ctx, @Param("id") long id) {
            auth.require(ctx);
            Profile profile = accounts.profile(id)
                    .orElseThrow(() -> new ChatException(ChatError.USER_NOT_FOUND, "no user " + id));
            return json(HttpStatus.OK, profile(profile));
        }
    }

    /** The body, read strictly (see {@link StrictJson}); the HTTP layer already refused one over 8 KiB. */
    private static <B extends Message.Builder> B parse(AggregatedHttpRequest request, B builder) {
        try {
            return StrictJson.parse(request.content().array(), builder);
        } catch (MalformedMessageException e) {
            throw new ChatException(ChatError.INVALID_ARGUMENT, "body: not a "
                    + builder.getDescriptorForType().getName() + ": " + e.getMessage());
        }
    }

    private static io.cellchat.contracts.v1.Session session(Session session) {
        return io.cellchat.contracts.v1.Session.newBuilder()
                .setToken(session.token())
                .setUserId(session.principal().userId())
                .setDeviceId(session.principal().deviceId())
                .setExpiresAtMs(session.expiresAt().toEpochMilli())
                .setProfile(profile(session.profile()))
                .build();
    }

    private static UserProfile profile(Profile profile) {
        return UserProfile.newBuilder()
                .setUserId(profile.userId())
                .setUsername(profile.username())
                .setDisplayName(profile.displayName())
                .build();
    }

    private static HttpResponse json(HttpStatus status, Message message) {
        return HttpResponse.of(status, MediaType.JSON_UTF_8, ProtoJson.print(message));
    }
}
