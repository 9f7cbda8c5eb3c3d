package io.cellchat.platform.server;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import io.cellchat.domain.error.ChatError;
import io.cellchat.platform.observability.Secret;
import io.cellchat.platform.observability.errors.ExceptionTracker;
import io.cellchat.platform.observability.errors.TrackedException;
import io.cellchat.platform.observability.logging.LogLevels;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The authenticated admin endpoints of every process:
 * <ul>
 *   <li>{@code GET /admin/loggers}: every logger with a level of its own;</li>
 *   <li>{@code GET /admin/loggers/{name}}, {@code PUT /admin/loggers/{name}} with {@code {"level":"DEBUG"}} (or
 *       {@code null} to inherit again): one logger's level, changed at once and until the process stops;</li>
 *   <li>{@code GET /admin/exceptions}: the unexpected exceptions tracked since start, latest first, each with its
 *       count, fingerprint, stack trace and logging context.</li>
 * </ul>
 * Each request must carry {@code Authorization: Bearer <admin.token>} (compared in constant time; never a query
 * parameter, which would end up in URLs and logs). Without a configured {@code admin.token} the endpoints answer
 * 403: there is no default token. Each change of level is logged with its old and new value.
 */
final class AdminApi {

    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Secret token;
    private final LogLevels levels;
    private final ExceptionTracker exceptions;

    AdminApi(Secret token, LogLevels levels, ExceptionTracker exceptions) {
        this.token = requireNonNull(token, "token");
        this.levels = requireNonNull(levels, "levels");
        this.exceptions = requireNonNull(exceptions, "exceptions");
    }

    void addRoutes(ServerBuilder server) {
        server.route().get("/admin/loggers").build((ctx, req) -> authorized(req,
                r -> json(HttpStatus.OK, Map.of("loggers", levels.configured()))));
        server.route().path("/admin/loggers/{name}").methods(HttpMethod.GET, HttpMethod.PUT).build((ctx, req) ->
                authorized(req, r -> logger(ctx.pathParam("name"), r)));
        server.route().get("/admin/exceptions").build((ctx, req) -> authorized(req,
                r -> json(HttpStatus.OK, Map.of("exceptions", exceptions.latest().stream().map(AdminApi::describe)
                        .toList()))));
    }

    private HttpResponse authorized(HttpRequest req,
            Function<AggregatedHttpRequest, HttpResponse> handler) {
        if (token.isEmpty()) {
            return RestErrors.body(HttpStatus.FORBIDDEN, ChatError.NOT_ALLOWED,
                    "admin endpoints are off (expected: the admin.token configuration key set)").toHttpResponse();
        }
        String authorization = req.headers().get(HttpHeaderNames.AUTHORIZATION);
        String presented = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : "";
        if (!token.matches(presented)) {
            return RestErrors.body(HttpStatus.UNAUTHORIZED, ChatError.UNAUTHENTICATED,
                    "missing or wrong admin token (expected: Authorization: Bearer <admin.token>)").toHttpResponse();
        }
        return HttpResponse.of(req.aggregate().thenApply(handler));
    }

    private HttpResponse logger(@Nullable String name, AggregatedHttpRequest req) {
        String logger = requireNonNull(name, "the route has {name}");
        try {
            if (req.method() == HttpMethod.PUT) {
                String before = levels.configured().get(logger);
                String level = level(req.contentUtf8());
                levels.set(logger, level);
                log.info("admin: level of logger {} changed from {} to {}", logger, before, level);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", logger);
            body.put("configured", levels.configured().get(logger));
            body.put("effective", levels.effective(logger));
            return json(HttpStatus.OK, body);
        } catch (IllegalArgumentException e) {
            return RestErrors.body(HttpStatus.BAD_REQUEST, ChatError.INVALID_ARGUMENT, e.getMessage())
                    .toHttpResponse();
        }
    }

    /** The body {@code {"level":"DEBUG"}} or {@code {"level":null}}, nothing else. */
    private static @Nullable String level(String body) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("body: not JSON (expected: {\"level\":\"DEBUG\"})");
        }
        if (tree == null || !tree.isObject() || tree.size() != 1 || !tree.has("level")
                || !(tree.get("level").isTextual() || tree.get("level").isNull())) {
            throw new IllegalArgumentException("body: " + (body.length() > 80 ? body.substring(0, 80) + "..." : body)
                    + " (expected: {\"level\":\"DEBUG\"} or {\"level\":null})");
        }
        return tree.get("level").isNull() ? null : tree.get("level").asText();
    }

    private static Map<String, Object> describe(TrackedException e) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("fingerprint", e.fingerprint());
        item.put("type", e.type());
        item.put("message", e.message());
        item.put("count", e.count());
        item.put("firstSeen", e.firstSeen().toString());
        item.put("lastSeen", e.lastSeen().toString());
        item.put("logger", e.logger());
        item.put("logMessage", e.logMessage());
        item.put("thread", e.thread());
        item.put("context", e.context());
        item.put("stackTrace", e.stackTrace());
        return item;
    }

    private static HttpResponse json(HttpStatus status, Object body) {
        try {
            return HttpResponse.of(status, MediaType.JSON_UTF_8, JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an admin response", e);
        }
    }
}
