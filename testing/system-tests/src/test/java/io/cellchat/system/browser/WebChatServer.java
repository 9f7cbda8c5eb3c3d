package io.cellchat.system.browser;

import io.cellchat.app.DevProcess;
import io.cellchat.contracts.v1.Session;
import io.cellchat.testing.client.TestAccounts;
import io.cellchat.testing.client.TestChatClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The real single process (web client included) for a browser test class: a fresh data folder, a free port, cheap
 * password hashing. Like {@code io.cellchat.system.ChatServer}, which is package-private there; this one can also
 * stay down for a while ({@link #stop()} then {@link #start()}) so a test can look at the page during the downtime.
 */
final class WebChatServer implements AutoCloseable {

    private final Path data;
    private final List<String> settings = List.of("auth.argon2.memory-kib=64", "auth.argon2.iterations=1",
            "auth.register-per-hour-per-address=100000", "auth.register-burst-per-address=10000",
            "auth.login-per-hour-per-address=100000", "auth.login-burst-per-address=10000");
    private final List<TestChatClient> clients = new ArrayList<>();
    private DevProcess process;
    private int port;

    WebChatServer() throws IOException {
        this.data = Files.createTempDirectory("cellchat-browser");
        this.process = DevProcess.start("127.0.0.1", 0, data, settings);
        this.port = process.port();
    }

    /** The page's address; 127.0.0.1 is a secure context, so WebCrypto works too. */
    String uri() {
        return "http://127.0.0.1:" + port;
    }

    /** Registers over REST; the password is {@link #password(String)}. */
    Session register(String username) {
        return new TestAccounts(uri()).register(username);
    }

    /** Registers over REST with a display name. */
    Session register(String username, String displayName) {
        return new TestAccounts(uri()).register(username, displayName);
    }

    /** Logs a user registered here in on one more device. */
    Session login(String username, String deviceName) {
        return new TestAccounts(uri()).login(username, deviceName);
    }

    /** The password {@link #register(String)} (TestAccounts) gives a user. */
    static String password(String username) {
        return "correct horse " + username;
    }

    /** A protocol test client (JSON subprotocol) on a user's session. */
    TestChatClient connect(Session session) {
        TestChatClient client = TestChatClient.connect(uri(), session.getToken(), "cellchat.v1.json");
        clients.add(client);
        return client;
    }

    /** Stops the process gracefully (clients are disconnected); {@link #start()} brings it back on the same port. */
    synchronized void stop() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    /** Starts the process again on the same port and data folder. */
    synchronized void start() throws IOException {
        if (process == null) {
            process = DevProcess.start("127.0.0.1", port, data, settings);
        }
    }

    void restart() throws IOException {
        stop();
        start();
    }

    @Override
    public synchronized void close() {
        clients.forEach(TestChatClient::close);
        stop();
    }
}
