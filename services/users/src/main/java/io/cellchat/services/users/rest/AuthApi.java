package io.cellchat.services.users.rest;

import static io.cellchat.services.users.rest.Rest.address;
import static io.cellchat.services.users.rest.Rest.json;
import static io.cellchat.services.users.rest.Rest.parse;
import static io.cellchat.services.users.rest.Rest.session;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.annotation.Blocking;
import com.linecorp.armeria.server.annotation.Delete;
import com.linecorp.armeria.server.annotation.Get;
import com.linecorp.armeria.server.annotation.Param;
import com.linecorp.armeria.server.annotation.Post;
import io.cellchat.contracts.v1.ChangePasswordRequest;
import io.cellchat.contracts.v1.DeviceList;
import io.cellchat.contracts.v1.DeviceSession;
import io.cellchat.contracts.v1.LoginRequest;
import io.cellchat.contracts.v1.RefreshRequest;
import io.cellchat.contracts.v1.RegisterRequest;
import io.cellchat.domain.account.Accounts;
import io.cellchat.domain.account.Device;
import io.cellchat.domain.account.Principal;
import io.cellchat.platform.server.BearerAuth;

/**
 * The authentication endpoints under {@code /api/v1/auth} (docs/protocol.md, section 14): register, login, refresh
 * (no token), and logout, device sessions, revoke, password change (bearer token). Password hashing is slow by
 * design, so every endpoint runs on the blocking executor.
 */
public final class AuthApi {

    private final Accounts accounts;
    private final BearerAuth auth;

    public AuthApi(Accounts accounts) {
        this.accounts = accounts;
        this.auth = new BearerAuth(accounts::authenticate);
    }

    /** Endpoints that need no token. */
    public final class Public {
        @Post("/auth/register")
        @Blocking
        public HttpResponse register(ServiceRequestContext ctx, AggregatedHttpRequest request) {
            RegisterRequest body = parse(request, RegisterRequest.newBuilder()).build();
            return json(HttpStatus.CREATED, session(accounts.register(body.getUsername(), body.getPassword(),
                    body.getDisplayName(), body.getDeviceName(), address(ctx))));
        }

        @Post("/auth/login")
        @Blocking
        public HttpResponse login(ServiceRequestContext ctx, AggregatedHttpRequest request) {
            LoginRequest body = parse(request, LoginRequest.newBuilder()).build();
            return json(HttpStatus.OK, session(accounts.login(body.getUsername(), body.getPassword(),
                    body.getDeviceName(), address(ctx))));
        }

        @Post("/auth/refresh")
        @Blocking
        public HttpResponse refresh(ServiceRequestContext ctx, AggregatedHttpRequest request) {
            RefreshRequest body = parse(request, RefreshRequest.newBuilder()).build();
            return json(HttpStatus.OK, session(accounts.refresh(body.getRefreshToken(), address(ctx))));
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

        @Get("/auth/sessions")
        @Blocking
        public HttpResponse sessions(ServiceRequestContext ctx) {
            Principal principal = auth.require(ctx);
            DeviceList.Builder list = DeviceList.newBuilder();
            for (Device device : accounts.devices(principal)) {
                list.addDevices(DeviceSession.newBuilder()
                        .setDeviceId(device.deviceId())
                        .setDeviceName(device.name())
                        .setCreatedAtMs(device.createdAt().toEpochMilli())
                        .setLastActiveMs(device.lastActive().toEpochMilli())
                        .setAddress(device.address())
                        .setCurrent(device.current()));
            }
            return json(HttpStatus.OK, list.build());
        }

        @Delete("/auth/sessions/{deviceId}")
        @Blocking
        public HttpResponse revoke(ServiceRequestContext ctx, @Param("deviceId") long deviceId) {
            accounts.revoke(auth.require(ctx), deviceId);
            return HttpResponse.of(HttpStatus.NO_CONTENT);
        }

        @Post("/auth/password")
        @Blocking
        public HttpResponse changePassword(ServiceRequestContext ctx, AggregatedHttpRequest request) {
            Principal principal = auth.require(ctx);
            ChangePasswordRequest body = parse(request, ChangePasswordRequest.newBuilder()).build();
            accounts.changePassword(principal, body.getCurrentPassword(), body.getNewPassword(), address(ctx));
            return HttpResponse.of(HttpStatus.NO_CONTENT);
        }
    }
}
