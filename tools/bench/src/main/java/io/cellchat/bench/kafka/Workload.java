package io.cellchat.bench.kafka;

import com.google.protobuf.ByteString;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.Event;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.MessagePosted;
import io.cellchat.contracts.v1.SendMessage;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.domain.chat.ConversationId;
import io.cellchat.domain.id.Snowflake;
import io.cellchat.domain.partition.PartitionHash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The records of one backplane topic, generated once from a seed and replayed in a cycle, so every combination of a
 * sweep sends the same bytes in the same order.
 *
 * <p>Messages are drawn from a population of users and conversations (80% direct {@code d:<a>:<b>}, 20% groups
 * {@code g:<snowflake>} of 3 to 32 members) with a Zipf-like popularity, and texts of 64 to 200 characters of common
 * words (so compression sees chat-like text, not random bytes). {@code chat.commands} carries one
 * {@link ClientFrame} with a {@link SendMessage} per message, keyed by the conversation ID; {@code chat.deliveries}
 * carries the sequenced {@link ServerFrame} event once per member, keyed by the member's 8-byte user ID
 * ({@link PartitionHash#key}). Every record also carries a W3C {@code traceparent} header, as a traced cell does.
 */
final class Workload {

    enum Topic {
        COMMANDS("chat.commands"),
        DELIVERIES("chat.deliveries");

        final String name;

        Topic(String name) {
            this.name = name;
        }
    }

    /** One record as sent: key, value and the trace header. */
    record Rec(byte[] key, byte[] value, byte[] traceparent) {
        int bytes() {
            return key.length + value.length + traceparent.length;
        }
    }

    private static final String[] WORDS = ("the be to of and a in that have I it for not on with he as you do at this"
            + " but his by from they we say her she or an will my one all would there their what so up out if about"
            + " who get which go me when make can like time no just him know take people into year your good some"
            + " could them see other than then now look only come its over think also back after use two how our work"
            + " first well way even new want because any these give day most us ok yes lol thanks see you tomorrow"
            + " meeting tonight dinner coffee later sure sounds great call me when free where are you on my way").split(" ");

    private final Topic topic;
    private final List<Rec> pool;

    private Workload(Topic topic, List<Rec> pool) {
        this.topic = topic;
        this.pool = pool;
    }

    Topic topic() {
        return topic;
    }

    /** The {@code i}-th record of the endless cycle. */
    Rec get(long i) {
        return pool.get((int) (i % pool.size()));
    }

    double meanKeyBytes() {
        return pool.stream().mapToInt(r -> r.key().length).average().orElse(0);
    }

    double meanValueBytes() {
        return pool.stream().mapToInt(r -> r.value().length).average().orElse(0);
    }

    double meanHeaderBytes() {
        return pool.stream().mapToInt(r -> r.traceparent().length).average().orElse(0);
    }

    int distinctKeys() {
        return (int) pool.stream().map(r -> ByteString.copyFrom(r.key())).distinct().count();
    }

    /**
     * Generates {@code poolSize} records of {@code topic}.
     *
     * @param zipf exponent of conversation popularity (0 = uniform, 1 = classic Zipf)
     */
    static Workload generate(Topic topic, int poolSize, int users, int conversations, double zipf, long seed) {
        Random random = new Random(seed);
        long[] userIds = userIds(users, random);
        List<Conversation> population = conversations(conversations, userIds, random);
        double[] cdf = zipfCdf(conversations, zipf);
        Map<String, Long> sequences = new HashMap<>();
        long baseMillis = Snowflake.EPOCH.toEpochMilli() + 300L * 24 * 3600 * 1000;
        List<Rec> pool = new ArrayList<>(poolSize);
        long n = 0;
        while (pool.size() < poolSize) {
            Conversation c = population.get(pick(cdf, random));
            long sender = c.members()[random.nextInt(c.members().length)];
            String text = text(random);
            String idempotencyKey = new UUID(random.nextLong(), random.nextLong()).toString();
            if (topic == Topic.COMMANDS) {
                ClientFrame frame = ClientFrame.newBuilder()
                        .setRequestId(Long.toString(random.nextLong() >>> 1, 36))
                        .setSend(SendMessage.newBuilder()
                                .setConversationId(c.id())
                                .setIdempotencyKey(idempotencyKey)
                                .setBody(MessageBody.newBuilder().setText(text)))
                        .build();
                pool.add(new Rec(c.id().getBytes(StandardCharsets.UTF_8), frame.toByteArray(), traceparent(random)));
            } else {
                long at = baseMillis + n++;
                ServerFrame frame = ServerFrame.newBuilder()
                        .setEvent(Event.newBuilder()
                                .setConversationId(c.id())
                                .setSeq(sequences.merge(c.id(), 1L, Long::sum))
                                .setEventId(Snowflake.compose(at - Snowflake.EPOCH.toEpochMilli(), 0, 1,
                                        (int) (n & Snowflake.MAX_SEQUENCE)))
                                .setActor(sender)
                                .setAtMs(at)
                                .setMessage(MessagePosted.newBuilder()
                                        .setBody(MessageBody.newBuilder().setText(text))
                                        .setIdempotencyKey(idempotencyKey)))
                        .build();
                byte[] value = frame.toByteArray();
                byte[] trace = traceparent(random);
                for (long member : c.members()) {
                    if (pool.size() < poolSize) {
                        pool.add(new Rec(PartitionHash.key(member), value, trace));
                    }
                }
            }
        }
        return new Workload(topic, List.copyOf(pool));
    }

    private record Conversation(String id, long[] members) {}

    private static long[] userIds(int users, Random random) {
        LinkedHashSet<Long> ids = new LinkedHashSet<>();
        long yearMillis = 365L * 24 * 3600 * 1000;
        while (ids.size() < users) {
            ids.add(Snowflake.compose(random.nextLong(yearMillis), 0, random.nextInt(Snowflake.MAX_WORKER + 1),
                    random.nextInt(Snowflake.MAX_SEQUENCE + 1)));
        }
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static List<Conversation> conversations(int count, long[] users, Random random) {
        List<Conversation> conversations = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            if (random.nextInt(100) < 80) {
                long a = users[random.nextInt(users.length)];
                long b;
                do {
                    b = users[random.nextInt(users.length)];
                } while (b == a);
                conversations.add(new Conversation(ConversationId.direct(a, b).value(), new long[] {a, b}));
            } else {
                long group = Snowflake.compose(random.nextLong(1L << 35), 0, 2, random.nextInt(1024));
                long[] members = random.longs(3 + random.nextInt(30), 0, users.length)
                        .distinct().map(k -> users[(int) k]).toArray();
                conversations.add(new Conversation(ConversationId.group(group).value(), members));
            }
        }
        return conversations;
    }

    private static double[] zipfCdf(int n, double exponent) {
        double[] cdf = new double[n];
        double sum = 0;
        for (int k = 0; k < n; k++) {
            sum += 1.0 / Math.pow(k + 1, exponent);
            cdf[k] = sum;
        }
        for (int k = 0; k < n; k++) {
            cdf[k] /= sum;
        }
        return cdf;
    }

    private static int pick(double[] cdf, Random random) {
        int i = Arrays.binarySearch(cdf, random.nextDouble());
        return Math.min(i >= 0 ? i : -i - 1, cdf.length - 1);
    }

    private static String text(Random random) {
        int length = 64 + random.nextInt(137);
        StringBuilder text = new StringBuilder(length + 16);
        while (text.length() < length) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(WORDS[random.nextInt(WORDS.length)]);
        }
        text.setLength(length);
        return text.toString();
    }

    private static byte[] traceparent(Random random) {
        String value = "00-%016x%016x-%016x-01".formatted(random.nextLong(), random.nextLong(), random.nextLong());
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
