package io.cellchat.bench.load;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A load-generator process that opens idle connections and holds them: one process holds at most about 20,000
 * sockets here (the open-files limit), so the capacity scenario spreads its connections over several of these.
 * It prints {@code ready <n> failed <m> closed <k>} once a second and exits when its standard input closes.
 *
 * <p>Arguments: {@code <cellchat|relay|ejabberd> <port> <users file> <first line> <count> <first source octet>
 * <sources>}.
 * Each line of the users file is {@code index id name secret}; line {@code first + i} is used for connection i.
 */
public final class IdleWorker {

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        int port = Integer.parseInt(args[1]);
        List<String> lines = Files.readAllLines(Path.of(args[2]), StandardCharsets.UTF_8);
        int first = Integer.parseInt(args[3]);
        int count = Integer.parseInt(args[4]);
        int firstOctet = Integer.parseInt(args[5]);
        int sourceCount = Integer.parseInt(args[6]);
        List<Dialect.User> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String[] fields = lines.get((first + i) % lines.size()).split(" ");
            // A connection's index is unique even when several connections share a user (one per device).
            users.add(new Dialect.User(first + i, Long.parseLong(fields[1]), fields[2], fields.length > 3 ? fields[3] : ""));
        }
        Dialect dialect = switch (kind) {
            case "relay" -> new RelayDialect("127.0.0.1", port);
            case "ejabberd" -> new XmppDialect("127.0.0.1", port);
            default -> new CellchatDialect("127.0.0.1", port);
        };
        List<java.net.InetAddress> sources = new ArrayList<>();
        for (int i = 0; i < sourceCount; i++) {
            sources.add(java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) (firstOctet + i)}));
        }
        try (Generator generator = new Generator(dialect, 1, sources)) {
            Thread reporter = Thread.ofPlatform().daemon(true).start(() -> {
                while (true) {
                    System.out.println("ready " + generator.connected() + " closed " + generator.closedAfterReady());
                    System.out.flush();
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            int failed = generator.connectAll(users, 100, new Progress());
            System.out.println("done " + generator.connected() + " failed " + failed);
            System.out.flush();
            try (BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                while (stdin.readLine() != null) {
                    // hold until the parent closes our input
                }
            }
            reporter.interrupt();
        }
    }
}
