package io.cellchat.system;

import static io.cellchat.system.ChatServer.direct;
import static io.cellchat.system.ChatServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.ErrorCode;
import io.cellchat.contracts.v1.ListConversations;
import io.cellchat.contracts.v1.MarkReceipt;
import io.cellchat.contracts.v1.ReceiptKind;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Session;
import io.cellchat.contracts.v1.Sync;
import io.cellchat.testing.client.TestChatClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("system")
@Timeout(120)
class OneToOneChatIT {

    private static ChatServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new ChatServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void should_deliver_a_direct_message_with_its_sequence_number_and_report_receipts_back() {
        Session alice = server.register("alice1");
        Session bob = server.register("bob1");
        TestChatClient a = server.connect(alice);
        TestChatClient b = server.connect(bob, ChatServer.PROTO);
        String conversation = direct(alice.getUserId(), bob.getUserId());

        ServerFrame accepted = a.request(send(conversation, "hello bob"));

        assertThat(accepted.getAccepted().getSeq()).isEqualTo(1);
        assertThat(accepted.getAccepted().getMessageId()).isPositive();
        ServerFrame event = b.awaitFrame(f -> f.hasEvent() && f.getEvent().getSeq() == 1);
        assertThat(event.getEvent().getMessage().getBody().getText()).isEqualTo("hello bob");
        assertThat(event.getEvent().getActor()).isEqualTo(alice.getUserId());
        // The sender's connection gets its event in the answer, not as a push.
        assertThat(accepted.getAccepted().getEventsList()).containsExactly(event.getEvent());

        b.request(ClientFrame.newBuilder().setReceipt(MarkReceipt.newBuilder()
                .setConversationId(conversation).setKind(ReceiptKind.SEEN).setUpToSeq(1)));

        ServerFrame receipt = a.awaitFrame(f -> f.hasReceipt() && f.getReceipt().getUserId() == bob.getUserId());
        assertThat(receipt.getReceipt().getSeenSeq()).isEqualTo(1);
        assertThat(receipt.getReceipt().getDeliveredSeq()).isEqualTo(1);
        assertThat(a.received()).noneMatch(ServerFrame::hasEvent);
    }

    @Test
    void should_give_a_reconnecting_client_exactly_the_messages_it_missed() {
        Session alice = server.register("alice2");
        Session bob = server.register("bob2");
        TestChatClient a = server.connect(alice);
        String conversation = direct(alice.getUserId(), bob.getUserId());
        for (int i = 1; i <= 10; i++) {
            assertThat(a.request(send(conversation, "message " + i)).getAccepted().getSeq()).isEqualTo(i);
        }

        TestChatClient b = server.connect(bob);
        var list = b.request(ClientFrame.newBuilder().setListConversations(ListConversations.getDefaultInstance()))
                .getConversations();
        assertThat(list.getConversationsList()).hasSize(1);
        assertThat(list.getConversations(0).getLastSeq()).isEqualTo(10);
        assertThat(list.getConversations(0).getUnread()).isEqualTo(10);
        assertThat(list.getConversations(0).getPeer().getUsername()).isEqualTo("alice2");

        var sync = b.request(ClientFrame.newBuilder().setSync(Sync.newBuilder()
                .setConversationId(conversation).setAfterSeq(4).setLimit(3))).getSync();
        assertThat(sync.getEventsList()).extracting(e -> e.getSeq()).containsExactly(5L, 6L, 7L);
        assertThat(sync.getHasMore()).isTrue();
        var rest = b.request(ClientFrame.newBuilder().setSync(Sync.newBuilder()
                .setConversationId(conversation).setAfterSeq(7))).getSync();
        assertThat(rest.getEventsList()).extracting(e -> e.getMessage().getBody().getText())
                .containsExactly("message 8", "message 9", "message 10");
        assertThat(rest.getHasMore()).isFalse();
        assertThat(rest.getLastSeq()).isEqualTo(10);
    }

    @Test
    void should_not_duplicate_a_retried_send_and_refuse_a_reused_key_with_other_content() {
        Session alice = server.register("alice3");
        Session bob = server.register("bob3");
        TestChatClient a = server.connect(alice);
        String conversation = direct(alice.getUserId(), bob.getUserId());
        ClientFrame.Builder first = send(conversation, "once");

        ServerFrame accepted = a.request(first.clone().setRequestId("try-1"));
        ServerFrame retried = a.request(first.clone().setRequestId("try-2"));
        first.getSendBuilder().getBodyBuilder().setText("changed");
        ServerFrame reused = a.request(first.clone().setRequestId("try-3"));

        // The retry's answer is the first one's, without the event: it was stored and pushed once.
        assertThat(accepted.getAccepted().getEventsList()).singleElement()
                .satisfies(e -> assertThat(e.getMessage().getBody().getText()).isEqualTo("once"));
        assertThat(retried.getAccepted()).isEqualTo(accepted.getAccepted().toBuilder().clearEvents().build());
        assertThat(reused.getError().getCode()).isEqualTo(ErrorCode.IDEMPOTENCY_KEY_REUSED);
        var sync = a.request(ClientFrame.newBuilder().setSync(Sync.newBuilder().setConversationId(conversation)))
                .getSync();
        assertThat(sync.getEventsList()).hasSize(1);
        assertThat(sync.getLastSeq()).isEqualTo(1);
    }
}
