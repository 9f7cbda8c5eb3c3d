package io.cellchat.services.gatewayweb;

import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.file.FileService;
import com.linecorp.armeria.server.file.HttpFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web gateway: serves the browser client from the classpath folder {@code static/} (packaged by
 * {@code clients/web}), precompressed. Any other path that is not an API or the WebSocket serves {@code index.html}, so the client
 * can route by URL. The client talks to {@code /api/v1} and {@code /ws/v1}, which the users and messaging services
 * add to the same server.
 */
public final class WebGateway {

    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>(.*?)</script>",
            Pattern.DOTALL);

    public void addRoutes(ServerBuilder server) {
        ClassLoader classLoader = WebGateway.class.getClassLoader();
        String csp = contentSecurityPolicy(classLoader);
        HttpService index = HttpFile.builder(classLoader, "static/index.html")
                .cacheControl("no-cache")
                .build()
                .asService();
        // clients/web writes a brotli and a gzip copy beside each text file at build time; the file service picks
        // one by Accept-Encoding (and sends Vary), so nothing is compressed per request. Every response revalidates
        // (no-cache with an ETag): the app's files keep their names from build to build, there is no bundler to
        // give them hashed names, and a 304 costs a round trip but never a stale client.
        HttpService files = FileService.builder(classLoader, "static")
                .serveCompressedFiles(true)
                .maxCacheEntries(256)
                .cacheControl("no-cache")
                .build()
                .orElse(index);
        server.serviceUnder("/api/", (ctx, req) -> HttpResponse.ofJson(HttpStatus.NOT_FOUND,
                java.util.Map.of("code", "INVALID_ARGUMENT", "message", "no such endpoint: " + req.path())));
        server.serviceUnder("/", files.decorate((delegate, ctx, req) -> {
            ctx.addAdditionalResponseHeader(HttpHeaderNames.CONTENT_SECURITY_POLICY, csp);
            ctx.addAdditionalResponseHeader(HttpHeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
            ctx.addAdditionalResponseHeader(HttpHeaderNames.of("Referrer-Policy"), "no-referrer");
            return delegate.serve(ctx, req);
        }));
    }

    /**
     * A strict policy: scripts only from this origin, plus the hashes of the inline scripts of {@code index.html}
     * (the import map cannot be an external file), computed here so the page and the policy cannot drift apart.
     */
    static String contentSecurityPolicy(ClassLoader classLoader) {
        String index;
        try (InputStream in = classLoader.getResourceAsStream("static/index.html")) {
            if (in == null) {
                throw new IllegalStateException("the web client is missing from the classpath (static/index.html);"
                        + " build clients/web");
            }
            index = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read static/index.html", e);
        }
        StringBuilder scripts = new StringBuilder("'self'");
        Matcher inline = INLINE_SCRIPT.matcher(index);
        while (inline.find()) {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256")
                        .digest(inline.group(1).getBytes(StandardCharsets.UTF_8));
                scripts.append(" 'sha256-").append(Base64.getEncoder().encodeToString(digest)).append('\'');
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this JDK", e);
            }
        }
        return "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; style-src 'self' 'unsafe-inline';"
                + " script-src " + scripts + "; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    }
}
