package io.cellchat.system;

import static io.cellchat.system.AuthorizationIT.typing;
import static io.cellchat.system.ChatServer.direct;
import static io.cellchat.system.ChatServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.DeleteMessage;
import io.cellchat.contracts.v1.EditMessage;
import io.cellchat.contracts.v1.ErrorCode;
import io.cellchat.contracts.v1.MarkReceipt;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.React;
import io.cellchat.contracts.v1.ReceiptKind;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Session;
import io.cellchat.contracts.v1.Sync;
import io.cellchat.testing.client.TestAccounts;
import io.cellchat.testing.client.TestChatClient;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a block does to a direct conversation, through the real WebSocket and REST APIs (docs/protocol.md,
 * "Authorization", rules 1, 2 and 8), seen from both sides: the blocked user and the blocker may no longer post,
 * edit or react, but each may still delete their own messages and move their receipts; a block placed before the
 * two ever talked refuses the first message exactly as a stranger's; typing crosses a block in neither direction.
 * The blocked side always gets the words a stranger gets, only the blocker is told their block is the reason.
 */
@Tag("system")
@Timeout(120)
class BlockingIT {

    private static final AtomicInteger NAMES = new AtomicInteger();

    private static ChatServer server;
    private static TestAccounts accounts;

    @BeforeAll
    static void start() throws Exception {
        server = new ChatServer();
        accounts = server.accounts();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Session user(String name) {
        return server.register(name + NAMES.incrementAndGet());
    }

    private static void block(Session blocker, Session blocked) {
        assertThat(accounts.put("/api/v1/me/blocked/" + blocked.getUserId(), "", blocker.getToken()).status().code())
                .isEqualTo(204);
    }

    /** The refusal a stranger gets from a user who accepts messages from contacts only. */
    private static String strangersWords() {
        Session closed = user("closed");
        Session stranger = user("stranger");
        accounts.put("/api/v1/me/privacy", "{\"messages\":\"CONTACTS\"}", closed.getToken());
        ServerFrame refused = server.connect(stranger).request(send(direct(stranger.getUserId(), closed.getUserId()),
                "hello?"));
        assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.PRIVACY_RESTRICTED);
        return refused.getError().getMessage().replace(Long.toString(closed.getUserId()), "ID");
    }

    private static String words(ServerFrame refused, Session peer) {
        return refused.getError().getMessage().replace(Long.toString(peer.getUserId()), "ID");
    }

    @Test
    void should_refuse_edits_and_reactions_both_ways_under_a_block_and_still_allow_deletes_and_receipts() {
        Session ann = user("ann");
        Session bob = user("bob");
        TestChatClient a = server.connect(ann);
        TestChatClient b = server.connect(bob);
        String conversation = direct(ann.getUserId(), bob.getUserId());
        long annsMessage = a.request(send(conversation, "hi")).getAccepted().getSeq();
        long bobsMessage = b.request(send(conversation, "hello")).getAccepted().getSeq();

        block(bob, ann);

        ServerFrame blockedEdit = a.request(edit(conversation, annsMessage, "hi again"));
        ServerFrame blockedReact = a.request(react(conversation, bobsMessage));
        ServerFrame blockerEdit = b.request(edit(conversation, bobsMessage, "hello again"));
        ServerFrame blockerReact = b.request(react(conversation, annsMessage));
        String stranger = strangersWords();
        for (ServerFrame refused : new ServerFrame[] {blockedEdit, blockedReact, blockerEdit, blockerReact}) {
            assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.PRIVACY_RESTRICTED);
        }
        assertThat(words(blockedEdit, bob)).as("the blocked user gets a stranger's words").isEqualTo(stranger);
        assertThat(words(blockedReact, bob)).isEqualTo(stranger);
        assertThat(blockerEdit.getError().getMessage()).contains("you blocked user " + ann.getUserId());
        assertThat(blockerReact.getError().getMessage()).contains("you blocked user " + ann.getUserId());

        assertThat(a.request(receipt(conversation, bobsMessage)).hasAccepted()).as("the blocked user's receipt")
                .isTrue();
        a.awaitFrame(f -> f.hasReceipt() && f.getReceipt().getUserId() == ann.getUserId()
                && f.getReceipt().getSeenSeq() == bobsMessage);
        long annsDelete = a.request(delete(conversation, annsMessage)).getAccepted().getSeq();
        assertThat(annsDelete).as("the blocked user deletes their own message").isGreaterThan(bobsMessage);
        assertThat(b.request(receipt(conversation, annsDelete)).hasAccepted()).as("the blocker's receipt").isTrue();
        b.awaitFrame(f -> f.hasReceipt() && f.getReceipt().getUserId() == bob.getUserId()
                && f.getReceipt().getSeenSeq() == annsDelete);
        assertThat(b.request(delete(conversation, bobsMessage)).getAccepted().getSeq())
                .as("the blocker deletes their own message").isGreaterThan(annsDelete);
        ServerFrame synced = a.request(ClientFrame.newBuilder().setSync(Sync.newBuilder()
                .setConversationId(conversation)));
        assertThat(synced.getSync().getEventsList()).as("no edit or reaction was stored")
                .noneMatch(e -> e.hasEdited() || e.hasReaction());
        assertThat(synced.getSync().getEventsList()).filteredOn(e -> e.hasMessage())
                .allMatch(e -> e.getMessage().getDeleted());

        accounts.delete("/api/v1/me/blocked/" + ann.getUserId(), bob.getToken());
        long again = a.request(send(conversation, "hi again")).getAccepted().getSeq();
        assertThat(a.request(edit(conversation, again, "hi once more")).hasAccepted()).as("after unblocking")
                .isTrue();
        assertThat(b.request(react(conversation, again)).hasAccepted()).isTrue();
    }

    @Test
    void should_refuse_the_first_message_across_a_block_placed_before_the_two_ever_talked_as_for_a_stranger() {
        Session ann = user("ann");
        Session bob = user("bob");
        TestChatClient a = server.connect(ann);
        TestChatClient b = server.connect(bob);
        String conversation = direct(ann.getUserId(), bob.getUserId());

        block(bob, ann);

        ServerFrame blocked = a.request(send(conversation, "hello, we never met"));
        ServerFrame blocker = b.request(send(conversation, "hello to you"));
        assertThat(blocked.getError().getCode()).isEqualTo(ErrorCode.PRIVACY_RESTRICTED);
        assertThat(words(blocked, bob)).as("a stranger's answer").isEqualTo(strangersWords());
        assertThat(blocker.getError().getCode()).isEqualTo(ErrorCode.PRIVACY_RESTRICTED);
        assertThat(blocker.getError().getMessage()).contains("you blocked user " + ann.getUserId());
        assertThat(accounts.get("/api/v1/conversations", bob.getToken()).contentUtf8())
                .as("nothing was started").doesNotContain(conversation);
        assertThat(accounts.get("/api/v1/conversations", ann.getToken()).contentUtf8()).doesNotContain(conversation);

        accounts.delete("/api/v1/me/blocked/" + ann.getUserId(), bob.getToken());
        assertThat(a.request(send(conversation, "hello, we never met")).hasAccepted()).isTrue();
    }

    @Test
    void should_not_deliver_the_blockers_typing_to_the_blocked_and_answer_the_blocker_ok() throws Exception {
        Session ann = user("ann");
        Session bob = user("bob");
        TestChatClient a = server.connect(ann);
        TestChatClient b = server.connect(bob);
        String conversation = direct(ann.getUserId(), bob.getUserId());
        assertThat(a.request(send(conversation, "hi")).hasAccepted()).isTrue();
        block(bob, ann);

        assertThat(b.request(typing(conversation)).hasOk()).as("the typist, who is the blocker, is answered ok")
                .isTrue();

        TimeUnit.MILLISECONDS.sleep(300);
        assertThat(a.received()).noneMatch(ServerFrame::hasTyping);
        accounts.delete("/api/v1/me/blocked/" + ann.getUserId(), bob.getToken());
        assertThat(b.request(typing(conversation)).hasOk()).isTrue();
        assertThat(a.awaitFrame(ServerFrame::hasTyping).getTyping().getUserId()).as("delivered once unblocked")
                .isEqualTo(bob.getUserId());
    }

    private static ClientFrame.Builder edit(String conversation, long seq, String text) {
        return ClientFrame.newBuilder().setEdit(EditMessage.newBuilder().setConversationId(conversation).setSeq(seq)
                .setBody(MessageBody.newBuilder().setText(text)));
    }

    private static ClientFrame.Builder react(String conversation, long seq) {
        return ClientFrame.newBuilder().setReact(React.newBuilder().setConversationId(conversation).setSeq(seq)
                .setEmoji("👍").setAdd(true));
    }

    private static ClientFrame.Builder delete(String conversation, long seq) {
        return ClientFrame.newBuilder().setDelete(DeleteMessage.newBuilder().setConversationId(conversation)
                .setSeq(seq).setIdempotencyKey(UUID.randomUUID().toString()));
    }

    private static ClientFrame.Builder receipt(String conversation, long seq) {
        return ClientFrame.newBuilder().setReceipt(MarkReceipt.newBuilder().setConversationId(conversation)
                .setKind(ReceiptKind.SEEN).setUpToSeq(seq));
    }
}
