package io.cellchat.bench.load;

import io.cellchat.bench.report.Results;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.CreateGroup;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.SendMessage;
import io.cellchat.testing.client.TestChatClient;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Group fan-out on Cellchat: a group of {@code --members}, all online, with {@code --senders} of them posting at a
 * total {@code --rate}; every message is delivered to every other member. Reports deliveries per second and latency.
 * (The relay has no groups, so this scenario has no baseline.)
 */
@Command(name = "fanout", mixinStandardHelpOptions = true, description = "Group fan-out: deliveries per second and latency.")
public final class FanoutCommand implements Callable<Integer> {

    @Option(names = "--members", split = ",", defaultValue = "100,1000", description = "Group sizes, one run each (default: ${DEFAULT-VALUE}).")
    List<Integer> members;

    @Option(names = "--deliveries", defaultValue = "20000",
            description = "Target deliveries per second; the message rate is this divided by the group size (default: ${DEFAULT-VALUE}).")
    double deliveries;

    @Option(names = "--senders", defaultValue = "20", description = "Members who post (default: ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = "--measure", defaultValue = "20", description = "Seconds measured (default: ${DEFAULT-VALUE}).")
    int measure;

    @Option(names = "--quick", description = "A smoke run: a group of 50, 2,000 deliveries/s, 5 s.")
    boolean quick;

    @Override
    public Integer call() throws Exception {
        if (quick) {
            members = List.of(50);
            deliveries = 2000;
            senders = 5;
            measure = 5;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int size : members) {
            try (CellchatTarget target = (CellchatTarget) Targets.start("cellchat", List.of("chat.max-group-members=" + Math.max(1000, size)))) {
                rows.add(run(target, size));
            }
        }
        Results.write("fanout", Map.of("runs", rows));
        Map<String, Latency> latencies = new LinkedHashMap<>();
        rows.forEach(row -> latencies.put("group of " + row.get("members"), (Latency) row.get("latencyFromScheduled")));
        Latency.plot("fanout.png", String.format("Group fan-out at %,.0f deliveries/s: latency per delivery", (double) deliveries),
                latencies);
        return 0;
    }

    private Map<String, Object> run(CellchatTarget target, int size) throws Exception {
        List<Dialect.User> users = target.users(size);
        URI uri = target.dialect().uri(users.getFirst());
        String base = "http://127.0.0.1:" + uri.getPort();
        String group;
        try (TestChatClient owner = TestChatClient.connect(base, users.getFirst().secret(), "cellchat.v1.proto")) {
            group = owner.request(ClientFrame.newBuilder().setCreateGroup(CreateGroup.newBuilder()
                    .setTitle("fanout").addAllMemberIds(users.stream().map(Dialect.User::id).toList())))
                    .getAccepted().getConversationId();
        }
        Dialect dialect = new GroupDialect((CellchatDialect) target.dialect(), group);
        double messageRate = deliveries / (size - 1);
        try (Generator generator = new Generator(dialect, 2, Generator.loopbackSources(4))) {
            generator.connectAll(users, 200, new Progress());
            List<Dialect.User> posting = users.subList(0, Math.min(senders, size));
            generator.load(posting, users, messageRate);
            Thread.sleep(3000);
            generator.scheduledLatency.getIntervalHistogram();
            long deliveredBefore = generator.delivered.sum();
            long sentBefore = generator.sent.sum();
            Histogram latency = new Histogram(3);
            long started = System.nanoTime();
            for (int second = 1; second <= measure; second++) {
                Thread.sleep(1000);
                latency.add(generator.scheduledLatency.getIntervalHistogram());
                double elapsed = (System.nanoTime() - started) / 1e9;
                Progress.line(String.format("group of %d: %2d s  messages %,.0f/s  deliveries %,.0f/s  p99 %.1f ms",
                        size, second, (generator.sent.sum() - sentBefore) / elapsed,
                        (generator.delivered.sum() - deliveredBefore) / elapsed, latency.getValueAtPercentile(99) / 1000.0));
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            generator.stopLoad();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("members", size);
            row.put("messagesPerSecond", (generator.sent.sum() - sentBefore) / elapsed);
            row.put("deliveriesPerSecond", (generator.delivered.sum() - deliveredBefore) / elapsed);
            row.put("latencyFromScheduled", Latency.of(latency));
            Progress.line(row.toString());
            return row;
        }
    }

    /** Cellchat's dialect, posting every message to one group. */
    private record GroupDialect(CellchatDialect delegate, String group) implements Dialect {
        @Override
        public URI uri(User user) {
            return delegate.uri(user);
        }

        @Override
        public @Nullable String subprotocol() {
            return delegate.subprotocol();
        }

        @Override
        public List<String> headers(User user) {
            return delegate.headers(user);
        }

        @Override
        public Login login(User user) {
            return delegate.login(user);
        }

        @Override
        public WebSocketFrame message(User sender, User target, long scheduledNanos, long sentNanos, long sequence) {
            ClientFrame frame = ClientFrame.newBuilder().setSend(SendMessage.newBuilder()
                    .setConversationId(group)
                    .setIdempotencyKey(Integer.toString(sender.index(), 36) + "-" + Long.toString(sequence, 36))
                    .setBody(MessageBody.newBuilder().setText(Payload.text(scheduledNanos, sentNanos)))).build();
            return new BinaryWebSocketFrame(Unpooled.wrappedBuffer(frame.toByteArray()));
        }

        @Override
        public @Nullable Received read(User receiver, WebSocketFrame frame) {
            return delegate.read(receiver, frame);
        }
    }
}
