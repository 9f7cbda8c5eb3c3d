package io.cellchat.system;

import static io.cellchat.system.ChatServer.direct;
import static io.cellchat.system.ChatServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Session;
import io.cellchat.contracts.v1.Sync;
import io.cellchat.testing.client.TestChatClient;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A device that stops reading: its outbound queue is bounded, so the server closes it with 4008 instead of
 * buffering without limit, and nothing is lost: after reconnecting, sync returns every message.
 */
@Tag("system")
@Timeout(180)
class SlowConsumerIT {

    private static ChatServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new ChatServer("connection.max-pending-frames=512", "connection.rate-limit=100000",
                "connection.rate-burst=100000");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void should_close_a_client_that_does_not_read_with_4008_and_lose_nothing() throws Exception {
        Session sender = server.register("flooder");
        Session stuck = server.register("sleeper");
        String conversation = direct(sender.getUserId(), stuck.getUserId());
        TestChatClient a = server.connect(sender, ChatServer.PROTO);
        int sent = 0;

        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", server.port()));
            handshake(socket, stuck.getToken());
            // The socket is never read from now on, until the flood is over.
            String text = "x".repeat(4000);
            while (sent < 3000) {
                for (int i = 0; i < 50; i++) {
                    a.send(send(conversation, text));
                }
                sent += 50;
                String last = a.send(send(conversation, text));
                sent++;
                a.awaitFrame(f -> f.getRequestId().equals(last));
            }

            int closeCode = readUntilClose(socket.getInputStream());

            assertThat(closeCode).isEqualTo(4008);
        }
        TestChatClient back = server.connect(stuck, ChatServer.PROTO);
        long lastSeq = 0;
        int messages = 0;
        while (true) {
            ServerFrame page = back.request(ClientFrame.newBuilder().setSync(Sync.newBuilder()
                    .setConversationId(conversation).setAfterSeq(lastSeq).setLimit(500)));
            messages += page.getSync().getEventsCount();
            if (!page.getSync().getHasMore()) {
                lastSeq = page.getSync().getLastSeq();
                break;
            }
            lastSeq = page.getSync().getEvents(page.getSync().getEventsCount() - 1).getSeq();
        }
        assertThat(messages).isEqualTo(sent);
        assertThat(lastSeq).isEqualTo(sent);
    }

    private static void handshake(Socket socket, String token) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws/v1?access_token=" + token + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: cellchat.v1.proto\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder headers = new StringBuilder();
        while (!headers.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("handshake: " + headers);
            }
            headers.append((char) b);
        }
        assertThat(headers.toString()).startsWith("HTTP/1.1 101");
    }

    /** Reads server frames (unmasked) until a close frame; returns its status code. */
    private static int readUntilClose(InputStream raw) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        while (true) {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            long length = second & 0x7f;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            if ((first & 0x0f) == 0x8) {
                return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            }
        }
    }
}
