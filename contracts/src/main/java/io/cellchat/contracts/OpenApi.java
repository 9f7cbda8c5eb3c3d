package io.cellchat.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The OpenAPI 3.1 description of the REST API ({@code /api/v1}), a resource of this module beside the protobuf
 * definitions whose JSON it describes. It is written by hand and checked in the build: a test starts the whole
 * server and fails if a route lacks its description or the document names a route that does not exist, and the
 * document must parse as valid OpenAPI 3.1 ({@code app} module, {@code OpenApiDocumentTest}).
 */
public final class OpenApi {

    /** Where the document is served. */
    public static final String PATH = "/api/v1/openapi.json";
    /** The classpath resource. */
    public static final String RESOURCE = "cellchat/v1/openapi.json";

    private OpenApi() {}

    /** The document's bytes (UTF-8 JSON). */
    public static byte[] document() {
        try (InputStream in = OpenApi.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the OpenAPI document is missing from the classpath: " + RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
