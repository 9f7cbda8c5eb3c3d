package io.cellchat.services.gatewayweb;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.file.FileService;
import com.linecorp.armeria.server.file.HttpFile;

/**
 * The web gateway: serves the browser client from the classpath folder {@code static/} (packaged by
 * {@code clients/web}). Any other path that is not an API or the WebSocket serves {@code index.html}, so the client
 * can route by URL. The client talks to {@code /api/v1} and {@code /ws/v1}, which the users and messaging services
 * add to the same server.
 */
public final class WebGateway {

    private static final String CSP = "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:;"
            + " style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'; base-uri 'none'";

    public void addRoutes(ServerBuilder server) {
        ClassLoader classLoader = WebGateway.class.getClassLoader();
        if (classLoader.getResource("static/index.html") == null) {
            throw new IllegalStateException("the web client is missing from the classpath (static/index.html);"
                    + " build clients/web");
        }
        HttpService index = HttpFile.builder(classLoader, "static/index.html")
                .cacheControl("no-cache")
                .build()
                .asService();
        HttpService files = FileService.builder(classLoader, "static")
                .maxCacheEntries(256)
                .cacheControl("no-cache")
                .build()
                .orElse(index);
        server.serviceUnder("/api/", (ctx, req) -> HttpResponse.ofJson(HttpStatus.NOT_FOUND,
                java.util.Map.of("code", "INVALID_ARGUMENT", "message", "no such endpoint: " + req.path())));
        server.serviceUnder("/", files.decorate((delegate, ctx, req) -> {
            ctx.addAdditionalResponseHeader(HttpHeaderNames.CONTENT_SECURITY_POLICY, CSP);
            ctx.addAdditionalResponseHeader(HttpHeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
            ctx.addAdditionalResponseHeader(HttpHeaderNames.of("Referrer-Policy"), "no-referrer");
            return delegate.serve(ctx, req);
        }));
    }
}
