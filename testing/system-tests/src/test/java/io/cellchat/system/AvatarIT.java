package io.cellchat.system;

import static io.cellchat.system.AuthenticationIT.assertError;
import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.ConnectionPoolListenerAdapter;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.SessionProtocol;
import io.cellchat.contracts.codec.MalformedMessageException;
import io.cellchat.contracts.codec.StrictJson;
import io.cellchat.contracts.v1.Session;
import io.cellchat.contracts.v1.UserProfile;
import io.cellchat.contracts.v1.UserSearchResult;
import io.cellchat.domain.error.ChatError;
import io.cellchat.testing.client.TestAccounts;
import io.netty.util.AttributeMap;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Avatars through the real REST API (docs/protocol.md, "Avatars"): upload of any declared type, the re-encoded image
 * served with its caching headers and conditional GET, the profile's privacy rule deciding who gets it (everyone
 * else gets the answer of a user who does not exist), refusals in the error format, the body limit (answered in the
 * error format; HTTP/2 keeps the connection, HTTP/1.1 closes it after the answer, as it must when it will not read
 * the body).
 */
@Tag("system")
@Timeout(120)
class AvatarIT {

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final int LIMIT = 2 * 1024 * 1024;

    private static ChatServer server;
    private static TestAccounts accounts;
    private static WebClient client;

    @BeforeAll
    static void start() throws Exception {
        server = new ChatServer();
        accounts = server.accounts();
        client = WebClient.of(server.uri());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Session user(String name) {
        return server.register(name + NAMES.incrementAndGet());
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.MAGENTA);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static AggregatedHttpResponse upload(Session session, byte[] body, MediaType declared) {
        return client.execute(RequestHeaders.builder(HttpMethod.PUT, "/api/v1/me/avatar").contentType(declared)
                .add("authorization", "Bearer " + session.getToken()).build(), HttpData.wrap(body)).aggregate().join();
    }

    private static UserProfile profile(AggregatedHttpResponse response) throws IOException {
        assertThat(response.status().code()).as(response.contentUtf8()).isEqualTo(200);
        try {
            return StrictJson.parse(response.content().array(), UserProfile.newBuilder()).build();
        } catch (MalformedMessageException e) {
            throw new IOException(e);
        }
    }

    private static AggregatedHttpResponse get(String path, Session session, String... headers) {
        RequestHeadersBuilder request = RequestHeaders.builder(HttpMethod.GET, path)
                .add("authorization", "Bearer " + session.getToken());
        for (int i = 0; i < headers.length; i += 2) {
            request.add(headers[i], headers[i + 1]);
        }
        return client.execute(request.build()).aggregate().join();
    }

    @Test
    void should_store_a_re_encoded_square_jpeg_whatever_the_declared_type_and_name_it_in_the_profile()
            throws IOException, MalformedMessageException {
        Session ann = user("ann");

        UserProfile own = profile(upload(ann, png(640, 480), MediaType.PLAIN_TEXT_UTF_8));

        assertThat(own.getAvatarVersion()).isPositive();
        assertThat(own.getAvatarUrl()).isEqualTo("/api/v1/users/" + ann.getUserId() + "/avatar?v="
                + own.getAvatarVersion());
        assertThat(profile(accounts.get("/api/v1/users/" + ann.getUserId(), ann.getToken())).getAvatarUrl())
                .isEqualTo(own.getAvatarUrl());
        assertThat(accounts.login(ann.getProfile().getUsername(), "tablet").getProfile().getAvatarUrl())
                .as("the session's own profile").isEqualTo(own.getAvatarUrl());

        UserSearchResult found = StrictJson.parse(accounts.get("/api/v1/users?query=" + ann.getProfile().getUsername(),
                user("bob").getToken()).content().array(), UserSearchResult.newBuilder()).build();
        assertThat(found.getUsers(0).getAvatarUrl()).as("search results name it too").isEqualTo(own.getAvatarUrl());

        AggregatedHttpResponse image = get(own.getAvatarUrl(), ann);
        assertThat(image.status().code()).isEqualTo(200);
        assertThat(image.contentType()).isEqualTo(MediaType.JPEG);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.content().array()));
        assertThat(decoded.getWidth()).isEqualTo(256);
        assertThat(decoded.getHeight()).isEqualTo(256);
    }

    @Test
    void should_serve_a_versioned_avatar_as_private_immutable_with_an_etag_and_answer_304_when_it_matches()
            throws IOException {
        Session ann = user("ann");
        UserProfile own = profile(upload(ann, png(300, 300), MediaType.PNG));

        AggregatedHttpResponse first = get(own.getAvatarUrl(), ann);
        String etag = first.headers().get("etag");
        assertThat(etag).isEqualTo("\"" + own.getAvatarVersion() + "\"");
        assertThat(first.headers().get("cache-control")).isEqualTo("private, max-age=31536000, immutable");
        assertThat(first.headers().get("vary")).isEqualTo("Authorization");
        assertThat(first.headers().get("x-content-type-options")).isEqualTo("nosniff");

        AggregatedHttpResponse again = get(own.getAvatarUrl(), ann, "if-none-match", etag);
        assertThat(again.status().code()).isEqualTo(304);
        assertThat(again.content().isEmpty()).isTrue();
        assertThat(again.headers().get("etag")).isEqualTo(etag);

        AggregatedHttpResponse current = get("/api/v1/users/" + ann.getUserId() + "/avatar", ann);
        assertThat(current.status().code()).as("without a version: the current one").isEqualTo(200);
        assertThat(current.headers().get("cache-control")).isEqualTo("private, no-cache");
    }

    @Test
    void should_serve_the_avatar_exactly_to_those_who_see_the_profile_and_answer_others_as_for_no_user()
            throws IOException {
        Session ann = user("ann");
        Session bob = user("bob");
        String url = profile(upload(ann, png(100, 100), MediaType.PNG)).getAvatarUrl();
        assertThat(get(url, bob).status().code()).as("profile shown to everyone by default").isEqualTo(200);

        accounts.put("/api/v1/me/privacy", "{\"profile\":\"CONTACTS\"}", ann.getToken());

        assertThat(profile(accounts.get("/api/v1/users/" + ann.getUserId(), bob.getToken())).getAvatarUrl())
                .as("the profile bob sees names no avatar").isEmpty();
        AggregatedHttpResponse hidden = get(url, bob);
        long nobody = ann.getUserId() + 977;
        AggregatedHttpResponse missing = get("/api/v1/users/" + nobody + "/avatar?v=1", bob);
        assertError(hidden, 404, "AVATAR_NOT_FOUND");
        assertThat(hidden.contentUtf8().replace(Long.toString(ann.getUserId()), "ID"))
                .as("a hidden avatar reads as a user that does not exist")
                .isEqualTo(missing.contentUtf8().replace(Long.toString(nobody), "ID"));

        accounts.put("/api/v1/me/contacts/" + ann.getUserId(), "", bob.getToken());
        accounts.put("/api/v1/me/contacts/" + bob.getUserId(), "", ann.getToken());
        assertThat(get(url, bob).status().code()).as("contacts see it").isEqualTo(200);

        accounts.put("/api/v1/me/blocked/" + bob.getUserId(), "", ann.getToken());
        assertError(get(url, bob), 404, "AVATAR_NOT_FOUND");
        assertThat(get(url, ann).status().code()).as("the owner always sees their own").isEqualTo(200);
    }

    @Test
    void should_delete_the_avatar_and_never_serve_that_version_again() throws IOException {
        Session ann = user("ann");
        UserProfile first = profile(upload(ann, png(64, 64), MediaType.PNG));

        assertThat(accounts.delete("/api/v1/me/avatar", ann.getToken()).status().code()).isEqualTo(204);

        assertThat(profile(accounts.get("/api/v1/users/" + ann.getUserId(), ann.getToken())).getAvatarUrl()).isEmpty();
        assertError(get(first.getAvatarUrl(), ann), 404, "AVATAR_NOT_FOUND");
        UserProfile second = profile(upload(ann, png(64, 64), MediaType.PNG));
        assertThat(second.getAvatarVersion()).isGreaterThan(first.getAvatarVersion());
        assertError(get(first.getAvatarUrl(), ann), 404, "AVATAR_NOT_FOUND");
    }

    @Test
    void should_refuse_what_is_not_a_still_image_and_keep_the_avatar_it_had() throws IOException {
        Session ann = user("ann");
        UserProfile own = profile(upload(ann, png(64, 64), MediaType.PNG));

        AggregatedHttpResponse text = upload(ann, "<html><script>alert(1)</script>".getBytes(StandardCharsets.UTF_8),
                MediaType.PNG);

        assertError(text, 400, "INVALID_IMAGE");
        assertThat(text.contentUtf8()).contains("not an image");
        assertThat(profile(accounts.get("/api/v1/users/" + ann.getUserId(), ann.getToken())).getAvatarUrl())
                .isEqualTo(own.getAvatarUrl());
        assertError(accounts.get(own.getAvatarUrl(), "not-a-token"), 401, "UNAUTHENTICATED");
    }

    @Test
    void should_turn_a_sideways_phone_photo_upright_by_its_exif_orientation() throws IOException {
        Session ann = user("ann");
        byte[] photo = PhonePhoto.jpeg(400);
        BufferedImage stored = ImageIO.read(new ByteArrayInputStream(photo));
        assertThat(new Color(stored.getRGB(200, 50)).getRed()).as("stored: red on top").isGreaterThan(200);

        AggregatedHttpResponse served = get(profile(upload(ann, photo, MediaType.JPEG)).getAvatarUrl(), ann);

        BufferedImage upright = ImageIO.read(new ByteArrayInputStream(served.content().array()));
        Color right = new Color(upright.getRGB(224, 128));
        Color left = new Color(upright.getRGB(32, 128));
        assertThat(right.getRed()).as("turned 90 degrees clockwise: the top is now on the right").isGreaterThan(200);
        assertThat(right.getBlue()).isLessThan(60);
        assertThat(left.getBlue()).isGreaterThan(200);
        assertThat(left.getRed()).isLessThan(60);
    }

    @Test
    void should_serve_none_of_the_uploads_metadata_neither_exif_nor_gps_nor_comments() throws IOException {
        Session ann = user("ann");
        byte[] photo = PhonePhoto.jpeg(300);
        assertThat(PhonePhoto.markers(photo)).as("the upload carries EXIF (APP1) and a comment").contains(0xE1, 0xFE);

        byte[] served = get(profile(upload(ann, photo, MediaType.JPEG)).getAvatarUrl(), ann).content().array();

        assertThat(PhonePhoto.markers(served)).as("no APP1 (EXIF, XMP) and no comment segment")
                .doesNotContain(0xE1, 0xFE).contains(0xDA);
        String text = new String(served, StandardCharsets.ISO_8859_1);
        assertThat(text).doesNotContain("Exif").doesNotContain("MM\0*").doesNotContain(PhonePhoto.COMMENT)
                .doesNotContain("48.8584");
    }

    @Test
    void should_refuse_the_eleventh_upload_at_once_with_a_retriable_429_naming_the_wait_and_only_for_that_user()
            throws IOException {
        Session ann = user("ann");
        byte[] image = png(64, 64);
        for (int i = 0; i < 10; i++) {
            assertThat(upload(ann, image, MediaType.PNG).status().code()).as("upload " + (i + 1)).isEqualTo(200);
        }

        AggregatedHttpResponse eleventh = upload(ann, image, MediaType.PNG);

        assertError(eleventh, 429, "RATE_LIMITED");
        assertThat(ChatError.RATE_LIMITED.retriable()).isTrue();
        Matcher wait = Pattern.compile("avatar uploads \\(avatar\\.user: 10 at once, then 30 per 60 min\\); "
                + "retry in (\\d+) s").matcher(eleventh.contentUtf8());
        assertThat(wait.find()).as(eleventh.contentUtf8()).isTrue();
        assertThat(Integer.parseInt(wait.group(1))).as("one upload every 120 s after the burst").isBetween(100, 120);
        assertError(upload(ann, "not an image".getBytes(StandardCharsets.UTF_8), MediaType.PNG), 429,
                "RATE_LIMITED");
        assertThat(upload(user("bob"), image, MediaType.PNG).status().code()).as("another user").isEqualTo(200);
    }

    @Test
    void should_refuse_a_body_over_2_mib_with_413_and_keep_an_http2_connection_open() throws IOException {
        Session ann = user("ann");
        AtomicInteger opened = new AtomicInteger();
        try (ClientFactory factory = ClientFactory.builder().connectionPoolListener(new ConnectionPoolListenerAdapter() {
            @Override
            public void connectionOpen(SessionProtocol protocol, InetSocketAddress remote, InetSocketAddress local,
                    AttributeMap attributes) {
                opened.incrementAndGet();
            }
        }).build()) {
            WebClient h2 = WebClient.builder("h2c://127.0.0.1:" + server.port()).factory(factory).build();
            AggregatedHttpResponse refused = h2.execute(RequestHeaders.builder(HttpMethod.PUT, "/api/v1/me/avatar")
                    .contentType(MediaType.PNG).add("authorization", "Bearer " + ann.getToken()).build(),
                    HttpData.wrap(new byte[LIMIT + 1])).aggregate().join();

            assertError(refused, 413, "FRAME_TOO_LARGE");
            assertThat(refused.contentUtf8()).contains("request body: over 2097152 bytes");
            AggregatedHttpResponse next = h2.execute(RequestHeaders.builder(HttpMethod.GET, "/api/v1/users/"
                    + ann.getUserId()).add("authorization", "Bearer " + ann.getToken()).build()).aggregate().join();
            assertThat(next.status().code()).isEqualTo(200);
            assertThat(opened).as("one HTTP/2 connection served both").hasValue(1);
        }
    }

    @Test
    void should_answer_an_http1_body_over_2_mib_in_full_before_closing_as_http1_requires() throws IOException {
        Session ann = user("ann");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /api/v1/me/avatar HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + ann.getToken()
                    + "\r\nContent-Type: image/png\r\nContent-Length: " + (LIMIT + 1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();

            String refused = response(socket.getInputStream());

            assertThat(refused).startsWith("HTTP/1.1 413").contains("connection: close")
                    .contains("\"code\":\"FRAME_TOO_LARGE\"").contains("request body: over 2097152 bytes");
        }
        assertThat(accounts.get("/api/v1/users/" + ann.getUserId(), ann.getToken()).status().code()).isEqualTo(200);
    }

    /** One HTTP/1.1 response with a Content-Length, read off the socket. */
    private static String response(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).strip());
            }
        }
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
