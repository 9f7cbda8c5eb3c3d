package io.cellchat.bench.jmh;

import io.cellchat.contracts.ProtoJson;
import io.cellchat.contracts.codec.MalformedMessageException;
import io.cellchat.contracts.codec.StrictJson;
import io.cellchat.contracts.codec.StrictProto;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.ConversationKind;
import io.cellchat.contracts.v1.ConversationList;
import io.cellchat.contracts.v1.ConversationSummary;
import io.cellchat.contracts.v1.Event;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.MessagePosted;
import io.cellchat.contracts.v1.Role;
import io.cellchat.contracts.v1.SendMessage;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.UserProfile;
import io.cellchat.domain.id.Snowflake;
import io.cellchat.services.messaging.protocol.Subprotocol;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode and decode of client protocol v1 frames, per subprotocol: {@code JSON} (canonical proto3 JSON, text frames)
 * and {@code PROTO} (protobuf binary). Three frames:
 *
 * <ul>
 *   <li>{@code send}: a ClientFrame with a SendMessage (64-character text, a UUID idempotency key, a direct
 *       conversation ID), as the web client sends it;</li>
 *   <li>{@code event}: a pushed ServerFrame with an Event carrying a MessagePosted (same text, seq, IDs, at_ms);</li>
 *   <li>{@code list}: a ServerFrame with a ConversationList of 20 ConversationSummary entries (14 direct with a peer
 *       profile, 6 groups; each with its last message), the largest frame a connection commonly gets.</li>
 * </ul>
 *
 * <p>The server's directions go through {@link Subprotocol#decode} (ClientFrame) and {@link Subprotocol#encode}
 * (ServerFrame), the exact calls the messaging service makes. The client's directions (encoding a ClientFrame,
 * decoding a ServerFrame) have no server method; {@link #encodeClient} and {@link #decodeServer} mirror Subprotocol
 * with the same calls ({@link ProtoJson}, {@code toByteArray}, {@code parseFrom}). Decoding starts from the payload
 * bytes, as they arrive in a WebSocket frame. The encoded sizes are printed in {@link #setUp()} and returned by
 * {@link #sizes()}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class FrameCodecBenchmark {

    /** 64 characters, ASCII, as typed in a chat. */
    static final String TEXT = "Running 10 minutes late, order me the green curry please! Thanks";
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
    private static final long ME = userId(1, 17, 3, 120);
    private static final long PEER = userId(2, 5, 1, 42);

    @Param({"JSON", "PROTO"})
    public Subprotocol encoding;

    private ClientFrame send;
    private ServerFrame event;
    private ServerFrame list;
    private byte[] sendBytes;
    private byte[] eventBytes;
    private byte[] listBytes;

    @Setup
    public void setUp() throws MalformedMessageException {
        send = sendFrame();
        event = eventFrame();
        list = listFrame();
        sendBytes = encodeClient(encoding, send);
        eventBytes = encoding.encode(event);
        listBytes = encoding.encode(list);
        if (!encoding.decode(sendBytes).equals(send) || !decodeServer(encoding, eventBytes).equals(event)
                || !decodeServer(encoding, listBytes).equals(list)) {
            throw new IllegalStateException(encoding + ": a frame does not survive encode and decode");
        }
        System.out.printf("%n%s frame bytes: send %d, event %d, list(20) %d%n", encoding, sendBytes.length,
                eventBytes.length, listBytes.length);
    }

    // Client to server: SendMessage.

    @Benchmark
    public byte[] sendEncode() {
        return encodeClient(encoding, send);
    }

    @Benchmark
    public ClientFrame sendDecode() throws MalformedMessageException {
        return encoding.decode(sendBytes);
    }

    // Server to client: a pushed MessagePosted event.

    @Benchmark
    public byte[] eventEncode() {
        return encoding.encode(event);
    }

    @Benchmark
    public ServerFrame eventDecode() throws MalformedMessageException {
        return decodeServer(encoding, eventBytes);
    }

    // Server to client: a ConversationList of 20.

    @Benchmark
    public byte[] listEncode() {
        return encoding.encode(list);
    }

    @Benchmark
    public ServerFrame listDecode() throws MalformedMessageException {
        return decodeServer(encoding, listBytes);
    }

    /** The client's side of {@link Subprotocol#encode}: a ClientFrame in this encoding. */
    static byte[] encodeClient(Subprotocol encoding, ClientFrame frame) {
        return encoding.binary() ? frame.toByteArray() : ProtoJson.print(frame).getBytes(StandardCharsets.UTF_8);
    }

    /** The client's side of {@link Subprotocol#decode}: a ServerFrame from this encoding. */
    static ServerFrame decodeServer(Subprotocol encoding, byte[] payload) throws MalformedMessageException {
        if (encoding.binary()) {
            return StrictProto.parse(payload, ServerFrame.parser(), ServerFrame.getDescriptor());
        }
        return StrictJson.parse(payload, ServerFrame.newBuilder()).build();
    }

    /** Bytes per frame, per encoding: {frame, encoding, bytes} rows. */
    public static List<Map<String, Object>> sizes() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Subprotocol encoding : Subprotocol.values()) {
            rows.add(size("send", encoding, encodeClient(encoding, sendFrame()).length));
            rows.add(size("event", encoding, encoding.encode(eventFrame()).length));
            rows.add(size("list(20)", encoding, encoding.encode(listFrame()).length));
        }
        return rows;
    }

    private static Map<String, Object> size(String frame, Subprotocol encoding, int bytes) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("frame", frame);
        row.put("encoding", encoding.name());
        row.put("bytes", bytes);
        return row;
    }

    static ClientFrame sendFrame() {
        return ClientFrame.newBuilder()
                .setRequestId("r2s-1xk9f3q") // the web client's shape: r<counter base 36>-<random base 36>
                .setSend(SendMessage.newBuilder()
                        .setConversationId(direct(ME, PEER))
                        .setIdempotencyKey("3f1c9a52-7be4-4d0e-9b6a-5c2d8e7f1a04")
                        .setBody(MessageBody.newBuilder().setText(TEXT)))
                .build();
    }

    static ServerFrame eventFrame() {
        return ServerFrame.newBuilder().setEvent(messageEvent(direct(ME, PEER), 1287, ME, NOW.toEpochMilli(),
                "3f1c9a52-7be4-4d0e-9b6a-5c2d8e7f1a04")).build();
    }

    static ServerFrame listFrame() {
        SplittableRandom random = new SplittableRandom(42);
        ConversationList.Builder conversations = ConversationList.newBuilder();
        long at = NOW.toEpochMilli();
        for (int i = 0; i < 20; i++) {
            at -= 60_000 + random.nextLong(3_600_000); // most recently active first
            long lastSeq = 1 + random.nextLong(5_000);
            long delivered = lastSeq - (i < 5 ? random.nextInt(4) : 0);
            long seen = delivered - (i < 3 ? random.nextInt(3) : 0);
            boolean group = i % 3 == 2 && i < 18; // 6 groups
            ConversationSummary.Builder summary = ConversationSummary.newBuilder();
            String id;
            long sender;
            if (group) {
                long groupId = Snowflake.compose(Snowflake.millisSinceEpoch(NOW) - random.nextLong(10_000_000_000L),
                        1, 17, random.nextInt(1024));
                id = "g:" + groupId;
                sender = userId(random.nextInt(16), random.nextInt(256), random.nextInt(1024), random.nextInt(150));
                summary.setKind(ConversationKind.GROUP)
                        .setTitle(List.of("Platform team", "Climbing Thursday", "Flat 4B", "Book club",
                                "Release 2026.06", "Family").get(i / 3))
                        .setMemberCount(3 + random.nextInt(40))
                        .setRole(i == 2 ? Role.OWNER : Role.MEMBER);
            } else {
                long peer = userId(random.nextInt(16), random.nextInt(256), random.nextInt(1024), random.nextInt(150));
                id = direct(ME, peer);
                sender = random.nextBoolean() ? ME : peer;
                summary.setKind(ConversationKind.DIRECT)
                        .setMemberCount(2)
                        .setRole(Role.MEMBER)
                        .setPeer(UserProfile.newBuilder()
                                .setUserId(peer)
                                .setUsername("user" + random.nextInt(100_000))
                                .setDisplayName("Display Name " + i));
            }
            summary.setConversationId(id)
                    .setLastSeq(lastSeq)
                    .setUnread((int) (lastSeq - seen))
                    .setLastMessage(messageEvent(id, lastSeq, sender, at, new UUID(random.nextLong(),
                            random.nextLong()).toString()))
                    .setDeliveredSeq(delivered)
                    .setSeenSeq(seen)
                    .setLastActivityMs(at);
            conversations.addConversations(summary);
        }
        return ServerFrame.newBuilder().setRequestId("r7-q2m0zd").setConversations(conversations).build();
    }

    private static Event messageEvent(String conversationId, long seq, long actor, long atMs, String key) {
        long eventId = Snowflake.compose(Snowflake.millisSinceEpoch(Instant.ofEpochMilli(atMs)), 0, 0,
                (int) (seq % 1024));
        return Event.newBuilder()
                .setConversationId(conversationId)
                .setSeq(seq)
                .setEventId(eventId)
                .setActor(actor)
                .setAtMs(atMs)
                .setMessage(MessagePosted.newBuilder()
                        .setBody(MessageBody.newBuilder().setText(TEXT))
                        .setIdempotencyKey(key))
                .build();
    }

    /** A Snowflake user ID registered some days before {@link #NOW}. */
    private static long userId(int cell, int worker, int sequence, int daysAgo) {
        return Snowflake.compose(Snowflake.millisSinceEpoch(NOW) - daysAgo * 86_400_000L - sequence * 997L, cell,
                worker, sequence);
    }

    private static String direct(long a, long b) {
        return "d:" + Math.min(a, b) + ":" + Math.max(a, b);
    }
}
