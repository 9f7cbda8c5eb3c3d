package io.cellchat.testing.client;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import io.cellchat.contracts.ProtoJson;
import io.cellchat.contracts.codec.MalformedMessageException;
import io.cellchat.contracts.codec.StrictJson;
import io.cellchat.contracts.v1.LoginRequest;
import io.cellchat.contracts.v1.RegisterRequest;
import io.cellchat.contracts.v1.Session;

/** Registers and logs in test users over the REST API. */
public final class TestAccounts {

    private final WebClient client;

    public TestAccounts(String baseUri) {
        this.client = WebClient.of(baseUri);
    }

    public Session register(String username) {
        return session(post("/api/v1/auth/register", ProtoJson.print(RegisterRequest.newBuilder()
                .setUsername(username).setPassword("correct horse " + username).build())), 201);
    }

    /** Registers with a display name (the password is the same as {@link #register(String)} gives). */
    public Session register(String username, String displayName) {
        return session(post("/api/v1/auth/register", ProtoJson.print(RegisterRequest.newBuilder()
                .setUsername(username).setPassword("correct horse " + username).setDisplayName(displayName)
                .build())), 201);
    }

    public Session login(String username, String deviceName) {
        return session(post("/api/v1/auth/login", ProtoJson.print(LoginRequest.newBuilder()
                .setUsername(username).setPassword("correct horse " + username).setDeviceName(deviceName).build())), 200);
    }

    public AggregatedHttpResponse post(String path, String json) {
        return client.execute(RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.JSON_UTF_8).build(),
                json).aggregate().join();
    }

    public AggregatedHttpResponse post(String path, String json, String token) {
        return client.execute(RequestHeaders.builder(HttpMethod.POST, path).contentType(MediaType.JSON_UTF_8)
                .add("authorization", "Bearer " + token).build(), json).aggregate().join();
    }

    public AggregatedHttpResponse put(String path, String json, String token) {
        return client.execute(RequestHeaders.builder(HttpMethod.PUT, path).contentType(MediaType.JSON_UTF_8)
                .add("authorization", "Bearer " + token).build(), json).aggregate().join();
    }

    public AggregatedHttpResponse delete(String path, String token) {
        return client.execute(RequestHeaders.builder(HttpMethod.DELETE, path)
                .add("authorization", "Bearer " + token).build()).aggregate().join();
    }

    /** Trades a refresh token for the next session; the response as is (200 with a Session, or an error). */
    public AggregatedHttpResponse refresh(String refreshToken) {
        return post("/api/v1/auth/refresh", "{\"refreshToken\":\"" + refreshToken + "\"}");
    }

    /** Parses a 200 or 201 answer as a {@code Session}. */
    public static Session session(AggregatedHttpResponse response) {
        return session(response, response.status().code() == 201 ? 201 : 200);
    }

    public AggregatedHttpResponse get(String path, String token) {
        return client.execute(RequestHeaders.builder(HttpMethod.GET, path)
                .add("authorization", "Bearer " + token).build()).aggregate().join();
    }

    private static Session session(AggregatedHttpResponse response, int expectedStatus) {
        if (response.status().code() != expectedStatus) {
            throw new AssertionError("expected " + expectedStatus + ", got " + response.status() + ": "
                    + response.contentUtf8());
        }
        try {
            return StrictJson.parse(response.content().array(), Session.newBuilder()).build();
        } catch (MalformedMessageException e) {
            throw new AssertionError("not a Session: " + response.contentUtf8(), e);
        }
    }
}
