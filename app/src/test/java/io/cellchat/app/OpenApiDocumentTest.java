package io.cellchat.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Route;
import com.linecorp.armeria.server.RoutePathType;
import io.cellchat.contracts.OpenApi;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's check of the REST API's OpenAPI document ({@link OpenApi}) against the server as {@code cellchat dev}
 * composes it: every route under {@code /api/v1} (method and path, with its parameter names) has its description,
 * the document names no route that does not exist, it is valid OpenAPI 3.1, every error response is the one
 * {@code ApiError} format, and the server serves it.
 */
class OpenApiDocumentTest {

    private static final String API = "/api/v1/";
    private static final Pattern COLON_PARAMETER = Pattern.compile(":([A-Za-z0-9_]+)");
    private static final Set<HttpMethod> DESCRIBED = Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.DELETE, HttpMethod.PATCH);

    @TempDir
    static Path data;

    private static DevProcess process;
    private static JsonNode document;

    @BeforeAll
    static void start() throws Exception {
        process = DevProcess.start(DevSettings.of("127.0.0.1", 0, data.resolve("data")), Main.buildInfo());
        document = new ObjectMapper().readTree(OpenApi.document());
    }

    @AfterAll
    static void stop() {
        process.close();
    }

    /** "GET /api/v1/users/{id}" for each method of each route the server has under /api/v1. */
    private static Set<String> serverRoutes() {
        Set<String> routes = new TreeSet<>();
        for (Route route : process.routes()) {
            String pattern = route.patternString();
            if (!pattern.startsWith(API)) {
                continue;
            }
            assertThat(route.pathType()).as("a prefix or pattern route under /api/v1 cannot be described: %s", pattern)
                    .isIn(RoutePathType.EXACT, RoutePathType.PARAMETERIZED);
            String path = COLON_PARAMETER.matcher(pattern).replaceAll("{$1}");
            for (HttpMethod method : route.methods()) {
                if (DESCRIBED.contains(method)) {
                    routes.add(method + " " + path);
                }
            }
        }
        return routes;
    }

    private static Set<String> documentedRoutes() {
        Set<String> routes = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fieldNames().forEachRemaining(method -> {
                if (DESCRIBED.contains(HttpMethod.tryParse(method.toUpperCase(java.util.Locale.ROOT)))) {
                    routes.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
                }
            });
        }
        return routes;
    }

    @Test
    void should_describe_every_route_of_the_server_and_no_other() {
        Set<String> server = serverRoutes();
        Set<String> documented = documentedRoutes();

        assertThat(server).as("the server has REST routes").hasSizeGreaterThan(20);
        Set<String> undocumented = new TreeSet<>(server);
        undocumented.removeAll(documented);
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(server);
        assertThat(undocumented).as("routes without their description in %s", OpenApi.RESOURCE).isEmpty();
        assertThat(missing).as("routes the document names that the server does not have").isEmpty();
    }

    @Test
    void should_be_a_valid_openapi_3_1_document() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser()
                .readContents(new String(OpenApi.document(), StandardCharsets.UTF_8), null, options);

        assertThat(result.getMessages()).as("parser messages").isEmpty();
        OpenAPI api = result.getOpenAPI();
        assertThat(api).isNotNull();
        assertThat(api.getOpenapi()).isEqualTo("3.1.0");
        assertThat(api.getPaths()).isNotEmpty();
    }

    @Test
    void should_have_a_validator_that_refuses_a_broken_document() {
        String broken = new String(OpenApi.document(), StandardCharsets.UTF_8)
                .replace("\"openapi\": \"3.1.0\"", "\"openapi\": \"3.1.0\", \"paths\": 7, \"x\": 1")
                .replace("\"$ref\": \"#/components/schemas/Session\"", "\"$ref\": 12");
        ParseOptions options = new ParseOptions();
        options.setResolve(true);

        SwaggerParseResult result = new OpenAPIV3Parser().readContents(broken, null, options);

        assertThat(result.getMessages()).as("the same check on a broken copy").isNotEmpty();
    }

    @Test
    void should_declare_every_path_parameter_and_give_every_error_the_one_format() {
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            Set<String> placeholders = new TreeSet<>();
            Pattern.compile("\\{([^}]+)}").matcher(path.getKey()).results().forEach(m -> placeholders.add(m.group(1)));
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = operations.next();
                String name = operation.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey();
                Set<String> declared = new TreeSet<>();
                operation.getValue().path("parameters").forEach(p -> {
                    if (p.path("in").asText().equals("path")) {
                        declared.add(p.path("name").asText());
                    }
                });
                assertThat(declared).as("path parameters of %s", name).isEqualTo(placeholders);
                JsonNode responses = operation.getValue().get("responses");
                assertThat(responses.has("default")).as("%s has a default (error) response", name).isTrue();
                responses.fields().forEachRemaining(response -> {
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")
                            || response.getKey().equals("default")) {
                        assertThat(errorSchema(response.getValue())).as("%s %s", name, response.getKey())
                                .isEqualTo("#/components/schemas/ApiError");
                    }
                });
            }
        }
    }

    private static String errorSchema(JsonNode response) {
        JsonNode resolved = response.has("$ref")
                ? document.at(response.get("$ref").asText().substring(1)) : response;
        return resolved.path("content").path("application/json").path("schema").path("$ref").asText();
    }

    @Test
    void should_serve_the_document_at_api_v1_openapi_json() throws IOException {
        AggregatedHttpResponse served = WebClient.of("http://127.0.0.1:" + process.port()).get(OpenApi.PATH)
                .aggregate().join();

        assertThat(served.status().code()).isEqualTo(200);
        assertThat(served.contentType()).isEqualTo(MediaType.JSON_UTF_8);
        assertThat(new ObjectMapper().readTree(served.contentUtf8())).isEqualTo(document);
    }
}
