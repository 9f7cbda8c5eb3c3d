package io.cellchat.system.browser;

import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.CreateGroup;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.SendMessage;
import io.cellchat.testing.client.TestChatClient;
import java.util.List;
import java.util.UUID;

/** Conversations set up over the protocol (not the browser) for browser tests: messages and groups. */
final class ChatData {

    private ChatData() {}

    static String direct(long a, long b) {
        return "d:" + Math.min(a, b) + ":" + Math.max(a, b);
    }

    static long send(TestChatClient client, String conversationId, String text) {
        return send(client, conversationId, text, UUID.randomUUID().toString());
    }

    static long send(TestChatClient client, String conversationId, String text, String idempotencyKey) {
        var answer = client.request(ClientFrame.newBuilder().setSend(SendMessage.newBuilder()
                .setConversationId(conversationId).setIdempotencyKey(idempotencyKey)
                .setBody(MessageBody.newBuilder().setText(text))));
        if (!answer.hasAccepted()) {
            throw new AssertionError("send refused: " + answer);
        }
        return answer.getAccepted().getSeq();
    }

    static String createGroup(TestChatClient owner, String title, List<Long> members) {
        var answer = owner.request(ClientFrame.newBuilder().setCreateGroup(CreateGroup.newBuilder()
                .setTitle(title).addAllMemberIds(members).setIdempotencyKey(UUID.randomUUID().toString())));
        if (!answer.hasAccepted()) {
            throw new AssertionError("createGroup refused: " + answer);
        }
        return answer.getAccepted().getConversationId();
    }
}
