package io.cellchat.system;

import io.cellchat.contracts.ProtoJson;
import io.cellchat.contracts.v1.AddMembers;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.CreateGroup;
import io.cellchat.contracts.v1.DeleteMessage;
import io.cellchat.contracts.v1.EditMessage;
import io.cellchat.contracts.v1.History;
import io.cellchat.contracts.v1.LeaveGroup;
import io.cellchat.contracts.v1.ListConversations;
import io.cellchat.contracts.v1.MarkReceipt;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.Ping;
import io.cellchat.contracts.v1.PresenceStatus;
import io.cellchat.contracts.v1.React;
import io.cellchat.contracts.v1.ReceiptKind;
import io.cellchat.contracts.v1.RemoveMember;
import io.cellchat.contracts.v1.RenameGroup;
import io.cellchat.contracts.v1.Role;
import io.cellchat.contracts.v1.SendMessage;
import io.cellchat.contracts.v1.SetPresence;
import io.cellchat.contracts.v1.SetRole;
import io.cellchat.contracts.v1.SetTyping;
import io.cellchat.contracts.v1.Sync;
import io.cellchat.contracts.v1.WatchPresence;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

/**
 * Seeded frames for the hostile-client run: valid frames of every kind with awkward values (invisible text, too long
 * text, foreign conversations, unknown users, odd enums), the same frames mutated byte by byte, the hand-made
 * frames issue 8 listed, and garbage. The same seed gives the same frames.
 */
final class FrameFuzzer {

    private static final String[] TEXTS = {
        "hello", "e\u0301t\u00e9", "\u05e9\u05dc\u05d5\u05dd", "\uD83D\uDC4D\uD83C\uDFFD", "\u3164", "\u2800", "\u0000",
        "a\u0000b", "\u200b", " ", "\u0301", "line\r\nbreak", "x".repeat(4096), "y".repeat(4097), "tab\there",
        "\u202eevil", "\uD83D\uDC68\u200D\uD83D\uDC69\u200D\uD83D\uDC67", "trailing   ", "\u00a0\u00a0",
    };
    private static final String[] EMOJI = {
        "\uD83D\uDC4D", "\u2764\uFE0F", "\uD83C\uDDEB\uD83C\uDDF7", "1\uFE0F\u20E3", "\u200b", "\u0000", "a", "",
        "\uD83D\uDC4D\uD83D\uDC4D", "\u2764", "\u2764\uFE0E", "\uD83D\uDE00".repeat(33),
    };
    private static final String[] NASTY_JSON = {
        "{requestId:\"t1\",\"ping\":{}}", "{'requestId':'t1','ping':{}}", "{\"requestId\":\"t1\",/*c*/\"ping\":{}}",
        "\uFEFF{\"requestId\":\"t1\",\"ping\":{}}", "{\"requestId\":\"t1\",\"ping\":{}} xyz",
        "{\"requestId\":\"t1\",\"ping\":{}}{\"requestId\":\"t2\",\"ping\":{}}", "{\"ping\":{},\"sync\":{}}",
        "{\"send\":{\"body\":{\"text\":5}}}", "{\"send\":{\"body\":{\"text\":[\"a\"]}}}", "{\"send\":{\"idempotencyKey\":7}}",
        "{\"edit\":{\"seq\":[1]}}", "{\"createGroup\":{\"title\":[\"a\"]}}", "{\"requestId\":null}", "[]", "", "{}",
        "{\"send\":{\"body\":{\"text\":\"\\ud800\"}}}", "{\"teleport\":{}}", "{\"receipt\":{\"kind\":2}}",
        "{\"sync\":{\"limit\":1e3}}", "{\"requestId\":\"" + "r".repeat(65) + "\",\"ping\":{}}",
    };
    private static final String[] BAD_UTF8 = {"ff", "c0af", "eda080", "e282", "80", "f4908080"};

    private final Random random;
    private final boolean binary;
    private final List<Long> users;
    private final List<String> conversations;
    private long requests;

    FrameFuzzer(long seed, boolean binary, List<Long> users, List<String> conversations) {
        this.random = new Random(seed);
        this.binary = binary;
        this.users = users;
        this.conversations = conversations;
    }

    /** The next frame's payload: a text frame's UTF-8 bytes on JSON, a binary frame's bytes on protobuf. */
    byte[] next() {
        int pick = random.nextInt(100);
        if (pick < 45) {
            return encode(validFrame());
        }
        if (pick < 80) {
            return mutate(encode(validFrame()));
        }
        if (pick < 95) {
            return binary ? mutate(encode(validFrame())) : nasty();
        }
        byte[] garbage = new byte[random.nextInt(64)];
        random.nextBytes(garbage);
        return garbage;
    }

    private byte[] encode(ClientFrame frame) {
        return binary ? frame.toByteArray() : ProtoJson.print(frame).getBytes(StandardCharsets.UTF_8);
    }

    private byte[] nasty() {
        if (random.nextInt(4) == 0) {
            ByteArrayOutputStream frame = new ByteArrayOutputStream();
            frame.writeBytes(("{\"requestId\":\"n" + requests++ + "\",\"send\":{\"conversationId\":\"" + conversation()
                    + "\",\"idempotencyKey\":\"k" + random.nextLong() + "\",\"body\":{\"text\":\"a")
                    .getBytes(StandardCharsets.UTF_8));
            frame.writeBytes(HexFormat.of().parseHex(BAD_UTF8[random.nextInt(BAD_UTF8.length)]));
            frame.writeBytes("\"}}}".getBytes(StandardCharsets.UTF_8));
            return frame.toByteArray();
        }
        return NASTY_JSON[random.nextInt(NASTY_JSON.length)].getBytes(StandardCharsets.UTF_8);
    }

    private byte[] mutate(byte[] bytes) {
        byte[] mutated = bytes.clone();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count && mutated.length > 0; i++) {
            int at = random.nextInt(mutated.length);
            switch (random.nextInt(4)) {
                case 0 -> mutated[at] = (byte) random.nextInt(256);
                case 1 -> mutated[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> {
                    byte[] shorter = new byte[mutated.length - 1];
                    System.arraycopy(mutated, 0, shorter, 0, at);
                    System.arraycopy(mutated, at + 1, shorter, at, mutated.length - at - 1);
                    mutated = shorter;
                }
                default -> {
                    byte[] longer = new byte[mutated.length + 1];
                    System.arraycopy(mutated, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(mutated, at, longer, at + 1, mutated.length - at);
                    mutated = longer;
                }
            }
        }
        return mutated;
    }

    private ClientFrame validFrame() {
        ClientFrame.Builder frame = ClientFrame.newBuilder().setRequestId("f" + requests++);
        String key = random.nextInt(10) == 0 ? "reused-" + random.nextInt(3) : "k" + random.nextLong();
        switch (random.nextInt(19)) {
            case 0, 1, 2, 3 -> frame.setSend(SendMessage.newBuilder().setConversationId(conversation())
                    .setIdempotencyKey(key).setReplyToSeq(random.nextInt(10) == 0 ? seq() : 0).setBody(body()));
            case 4 -> frame.setEdit(EditMessage.newBuilder().setConversationId(conversation()).setSeq(seq())
                    .setIdempotencyKey(random.nextBoolean() ? key : "").setBody(body()));
            case 5 -> frame.setDelete(DeleteMessage.newBuilder().setConversationId(conversation()).setSeq(seq()));
            case 6 -> frame.setReact(React.newBuilder().setConversationId(conversation()).setSeq(seq())
                    .setEmoji(EMOJI[random.nextInt(EMOJI.length)]).setAdd(random.nextBoolean()));
            case 7 -> frame.setReceipt(MarkReceipt.newBuilder().setConversationId(conversation()).setUpToSeq(seq())
                    .setKind(ReceiptKind.forNumber(random.nextInt(3))));
            case 8 -> frame.setTyping(SetTyping.newBuilder().setConversationId(conversation()).setTyping(random.nextBoolean()));
            case 9 -> frame.setPresence(SetPresence.newBuilder().setStatus(PresenceStatus.forNumber(random.nextInt(5))));
            case 10 -> frame.setWatchPresence(WatchPresence.newBuilder().addAllUserIds(
                    random.nextInt(20) == 0 ? java.util.stream.LongStream.range(1, 1003).boxed().toList() : someUsers()));
            case 11 -> frame.setListConversations(ListConversations.getDefaultInstance());
            case 12 -> frame.setSync(Sync.newBuilder().setConversationId(conversation()).setAfterSeq(seq() - 2)
                    .setLimit(random.nextInt(600) - 50));
            case 13 -> frame.setHistory(History.newBuilder().setConversationId(conversation()).setBeforeSeq(seq())
                    .setLimit(random.nextInt(600) - 50));
            case 14 -> frame.setCreateGroup(CreateGroup.newBuilder().setIdempotencyKey(key)
                    .setTitle(random.nextBoolean() ? "group " + random.nextInt(100) : TEXTS[random.nextInt(TEXTS.length)])
                    .addAllMemberIds(someUsers()));
            case 15 -> frame.setRenameGroup(RenameGroup.newBuilder().setConversationId(conversation())
                    .setTitle(TEXTS[random.nextInt(TEXTS.length)]));
            case 16 -> frame.setAddMembers(AddMembers.newBuilder().setConversationId(conversation())
                    .addAllUserIds(someUsers()));
            case 17 -> {
                switch (random.nextInt(3)) {
                    case 0 -> frame.setRemoveMember(RemoveMember.newBuilder().setConversationId(conversation())
                            .setUserId(user()));
                    case 1 -> frame.setLeaveGroup(LeaveGroup.newBuilder().setConversationId(conversation()));
                    default -> frame.setSetRole(SetRole.newBuilder().setConversationId(conversation()).setUserId(user())
                            .setRole(Role.forNumber(random.nextInt(4))));
                }
            }
            default -> frame.setPing(Ping.getDefaultInstance());
        }
        return frame.build();
    }

    private MessageBody body() {
        return random.nextInt(20) == 0 ? MessageBody.getDefaultInstance()
                : MessageBody.newBuilder().setText(random.nextInt(3) == 0 ? TEXTS[random.nextInt(TEXTS.length)]
                        : "message " + random.nextInt(1_000_000)).build();
    }

    private String conversation() {
        int pick = random.nextInt(20);
        if (pick == 0) {
            return "g:" + random.nextLong();
        }
        if (pick == 1) {
            return List.of("", "d:1:1", "d:2:1", "x", "g:", "d:" + user() + ":" + user()).get(random.nextInt(6));
        }
        return conversations.get(random.nextInt(conversations.size()));
    }

    private long seq() {
        return random.nextInt(12) - 1;
    }

    private long user() {
        return random.nextInt(10) == 0 ? random.nextLong() : users.get(random.nextInt(users.size()));
    }

    private List<Long> someUsers() {
        return java.util.stream.IntStream.range(0, random.nextInt(4)).mapToObj(i -> user()).toList();
    }
}
