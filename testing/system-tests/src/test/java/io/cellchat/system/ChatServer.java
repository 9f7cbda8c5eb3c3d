package io.cellchat.system;

import io.cellchat.app.DevProcess;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.SendMessage;
import io.cellchat.contracts.v1.Session;
import io.cellchat.testing.client.TestAccounts;
import io.cellchat.testing.client.TestChatClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A single Cellchat process for a test class, on a fresh data folder and a free port, with cheap password hashing
 * (so tests can register many users quickly); plus helpers to register users and connect devices.
 */
final class ChatServer implements AutoCloseable {

    static final String JSON = "cellchat.v1.json";
    static final String PROTO = "cellchat.v1.proto";

    private final Path data;
    private final List<String> settings;
    private final List<TestChatClient> clients = new ArrayList<>();
    private DevProcess process;
    private int port;

    ChatServer(String... settings) throws IOException {
        this.data = Files.createTempDirectory("cellchat-system");
        // Many test users register and log in from 127.0.0.1: the per-address limits are raised (the per-account
        // ones stay as documented).
        this.settings = new ArrayList<>(List.of("auth.argon2.memory-kib=64", "auth.argon2.iterations=1",
                "auth.register-per-hour-per-address=100000", "auth.register-burst-per-address=10000",
                "auth.login-per-hour-per-address=100000", "auth.login-burst-per-address=10000"));
        this.settings.addAll(List.of(settings));
        this.process = DevProcess.start("127.0.0.1", 0, data, this.settings);
        this.port = process.port();
    }

    /** The data folder (the databases and the ID generator's high-water mark). */
    Path data() {
        return data;
    }

    String uri() {
        return "http://127.0.0.1:" + port;
    }

    int port() {
        return port;
    }

    TestAccounts accounts() {
        return new TestAccounts(uri());
    }

    Session register(String username) {
        return accounts().register(username);
    }

    TestChatClient connect(Session session) {
        return connect(session, JSON);
    }

    TestChatClient connect(Session session, String protocol) {
        TestChatClient client = TestChatClient.connect(uri(), session.getToken(), protocol);
        clients.add(client);
        return client;
    }

    /** Stops the process gracefully and starts it again on the same port and data (clients must reconnect). */
    void restart() throws IOException {
        process.close();
        process = DevProcess.start("127.0.0.1", port, data, settings);
    }

    static ClientFrame.Builder send(String conversationId, String text) {
        return ClientFrame.newBuilder().setSend(SendMessage.newBuilder()
                .setConversationId(conversationId)
                .setIdempotencyKey(UUID.randomUUID().toString())
                .setBody(MessageBody.newBuilder().setText(text)));
    }

    static String direct(long a, long b) {
        return "d:" + Math.min(a, b) + ":" + Math.max(a, b);
    }

    @Override
    public void close() {
        clients.forEach(TestChatClient::close);
        process.close();
    }
}
