package io.cellchat.system;

import static io.cellchat.system.ChatServer.direct;
import static io.cellchat.system.ChatServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.DeleteMessage;
import io.cellchat.contracts.v1.EditMessage;
import io.cellchat.contracts.v1.ErrorCode;
import io.cellchat.contracts.v1.ListConversations;
import io.cellchat.contracts.v1.MarkReceipt;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.React;
import io.cellchat.contracts.v1.ReceiptKind;
import io.cellchat.contracts.v1.Session;
import io.cellchat.contracts.v1.SetConversationPrefs;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Sync;
import io.cellchat.testing.client.TestChatClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("system")
@Timeout(120)
class MultiDeviceIT {

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
    void should_show_every_device_of_a_user_the_same_sends_edits_reactions_and_receipts() {
        Session alicePhone = server.register("alice");
        Session aliceLaptop = server.accounts().login("alice", "laptop");
        Session bob = server.register("bob");
        TestChatClient phone = server.connect(alicePhone);
        TestChatClient laptop = server.connect(aliceLaptop, ChatServer.PROTO);
        TestChatClient b = server.connect(bob);
        String conversation = direct(alicePhone.getUserId(), bob.getUserId());
        assertThat(aliceLaptop.getDeviceId()).isNotEqualTo(alicePhone.getDeviceId());

        phone.request(send(conversation, "sent from the phone"));
        phone.request(ClientFrame.newBuilder().setEdit(EditMessage.newBuilder().setConversationId(conversation)
                .setSeq(1).setBody(MessageBody.newBuilder().setText("edited on the phone"))));
        b.request(ClientFrame.newBuilder().setReact(React.newBuilder().setConversationId(conversation)
                .setSeq(1).setEmoji("❤️").setAdd(true)));
        b.request(ClientFrame.newBuilder().setReceipt(MarkReceipt.newBuilder().setConversationId(conversation)
                .setKind(ReceiptKind.SEEN).setUpToSeq(3)));
        laptop.request(ClientFrame.newBuilder().setDelete(DeleteMessage.newBuilder()
                .setConversationId(conversation).setSeq(1)));

        for (TestChatClient device : new TestChatClient[] {phone, laptop}) {
            device.awaitEvent(e -> e.getSeq() == 1
                    && e.getMessage().getBody().getText().equals("sent from the phone"));
            device.awaitEvent(e -> e.getSeq() == 2 && e.getEdited().getBody().getText().equals("edited on the phone"));
            device.awaitEvent(e -> e.getSeq() == 3 && e.hasReaction());
            device.awaitFrame(f -> f.hasReceipt() && f.getReceipt().getSeenSeq() == 3);
            device.awaitEvent(e -> e.getSeq() == 4 && e.hasDeleted());
        }
        // A device gets the events of its own commands in their answers, and the other device's as pushes.
        assertThat(phone.received()).filteredOn(ServerFrame::hasEvent).extracting(f -> f.getEvent().getSeq())
                .containsExactly(3L, 4L);
        assertThat(laptop.received()).filteredOn(ServerFrame::hasEvent).extracting(f -> f.getEvent().getSeq())
                .containsExactly(1L, 2L, 3L);
        var sync = b.request(ClientFrame.newBuilder().setSync(Sync.newBuilder().setConversationId(conversation)))
                .getSync();
        var tombstone = sync.getEvents(0).getMessage();
        assertThat(tombstone.getDeleted()).isTrue();
        assertThat(tombstone.hasBody()).isFalse();
        assertThat(tombstone.getReactionsList()).isEmpty();
        assertThat(sync.getEvents(1).getEdited().getBody().getText()).isEmpty();
    }

    @Test
    void should_keep_a_users_pin_archive_and_mute_on_the_server_and_push_them_to_every_device_of_theirs_only() {
        Session carolPhone = server.register("carol");
        Session carolLaptop = server.accounts().login("carol", "laptop");
        Session dan = server.register("dan");
        TestChatClient phone = server.connect(carolPhone);
        TestChatClient laptop = server.connect(carolLaptop, ChatServer.PROTO);
        TestChatClient d = server.connect(dan);
        String conversation = direct(carolPhone.getUserId(), dan.getUserId());
        phone.request(send(conversation, "hello Dan"));

        ServerFrame answer = phone.request(ClientFrame.newBuilder().setSetConversationPrefs(SetConversationPrefs
                .newBuilder().setConversationId(conversation).setPinned(true).setMutedUntilMs(Long.MAX_VALUE)));
        laptop.request(ClientFrame.newBuilder().setSetConversationPrefs(SetConversationPrefs.newBuilder()
                .setConversationId(conversation).setArchived(true)));

        assertThat(answer.hasOk()).isTrue();
        for (TestChatClient device : new TestChatClient[] {phone, laptop}) {
            device.awaitFrame(f -> f.hasPrefs() && f.getPrefs().getArchived() && f.getPrefs().getPinnedAtMs() > 0
                    && f.getPrefs().getMutedUntilMs() == Long.MAX_VALUE);
        }
        var listed = laptop.request(ClientFrame.newBuilder().setListConversations(ListConversations.getDefaultInstance()))
                .getConversations().getConversations(0);
        assertThat(listed.getPrefs().getArchived()).isTrue();
        assertThat(listed.getPrefs().getPinnedAtMs()).isPositive();
        var dansView = d.request(ClientFrame.newBuilder().setListConversations(ListConversations.getDefaultInstance()))
                .getConversations().getConversations(0);
        assertThat(dansView.hasPrefs()).isFalse();
        assertThat(d.received()).noneMatch(ServerFrame::hasPrefs);

        ServerFrame stranger = d.request(ClientFrame.newBuilder().setSetConversationPrefs(SetConversationPrefs
                .newBuilder().setConversationId(direct(carolLaptop.getUserId(), carolLaptop.getUserId() + 1))
                .setPinned(true)));
        assertThat(stranger.getError().getCode()).isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND);
        ServerFrame nothing = d.request(ClientFrame.newBuilder().setSetConversationPrefs(SetConversationPrefs
                .newBuilder().setConversationId(conversation)));
        assertThat(nothing.getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }
}
