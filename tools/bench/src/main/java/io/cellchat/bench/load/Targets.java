package io.cellchat.bench.load;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Starts the targets a scenario names: {@code cellchat} (the app jar built by ./cellchat), {@code relay}, {@code ejabberd}. */
public final class Targets {

    private Targets() {}

    public static Target start(String name, List<String> cellchatSettings) throws Exception {
        int port = freePort();
        return switch (name) {
            case "cellchat" -> {
                Path jar = Path.of(System.getProperty("cellchat.root", "."), "app", "target", "cellchat.jar");
                if (!Files.exists(jar)) {
                    throw new IllegalStateException(jar + " is missing: build it with ./cellchat --version");
                }
                yield CellchatTarget.start(jar, port, cellchatSettings);
            }
            case "relay" -> RelayTarget.start(port);
            case "ejabberd" -> EjabberdTarget.start();
            default -> throw new IllegalArgumentException("target: " + name + " (expected: cellchat, relay or ejabberd)");
        };
    }

    static int freePort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
