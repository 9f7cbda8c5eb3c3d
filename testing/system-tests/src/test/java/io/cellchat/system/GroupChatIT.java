package io.cellchat.system;

import static io.cellchat.system.ChatServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.v1.AddMembers;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.CreateGroup;
import io.cellchat.contracts.v1.ErrorCode;
import io.cellchat.contracts.v1.Event;
import io.cellchat.contracts.v1.LeaveGroup;
import io.cellchat.contracts.v1.MarkReceipt;
import io.cellchat.contracts.v1.React;
import io.cellchat.contracts.v1.ReceiptKind;
import io.cellchat.contracts.v1.RemoveMember;
import io.cellchat.contracts.v1.Role;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Session;
import io.cellchat.contracts.v1.SetRole;
import io.cellchat.contracts.v1.Sync;
import io.cellchat.testing.client.TestChatClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Tag("system")
@Timeout(180)
class GroupChatIT {

    private static ChatServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new ChatServer("connection.rate-limit=1000", "connection.rate-burst=2000");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String createGroup(TestChatClient owner, String title, List<Long> members) {
        ServerFrame created = owner.request(ClientFrame.newBuilder().setCreateGroup(CreateGroup.newBuilder()
                .setTitle(title).addAllMemberIds(members)));
        assertThat(created.hasAccepted()).as("%s", created).isTrue();
        return created.getAccepted().getConversationId();
    }

    @Test
    void should_show_reactions_and_per_member_seen_marks_in_a_group_of_three() {
        Session ann = server.register("ann");
        Session ben = server.register("ben");
        Session cy = server.register("cyd");
        TestChatClient a = server.connect(ann);
        TestChatClient b = server.connect(ben);
        TestChatClient c = server.connect(cy, ChatServer.PROTO);
        String group = createGroup(a, "Trip", List.of(ben.getUserId(), cy.getUserId()));

        long seq = a.request(send(group, "where shall we go?")).getAccepted().getSeq();
        assertThat(seq).isEqualTo(2);
        c.awaitFrame(f -> f.hasEvent() && f.getEvent().getSeq() == 2);
        b.request(ClientFrame.newBuilder().setReact(React.newBuilder()
                .setConversationId(group).setSeq(2).setEmoji("👍").setAdd(true)));
        c.request(ClientFrame.newBuilder().setReact(React.newBuilder()
                .setConversationId(group).setSeq(2).setEmoji("👍").setAdd(true)));
        b.request(ClientFrame.newBuilder().setReceipt(MarkReceipt.newBuilder()
                .setConversationId(group).setKind(ReceiptKind.SEEN).setUpToSeq(4)));

        a.awaitFrame(f -> f.hasEvent() && f.getEvent().getSeq() == 4 && f.getEvent().hasReaction());
        a.awaitFrame(f -> f.hasReceipt() && f.getReceipt().getUserId() == ben.getUserId()
                && f.getReceipt().getSeenSeq() == 4);
        var sync = a.request(ClientFrame.newBuilder().setSync(Sync.newBuilder().setConversationId(group))).getSync();
        Event message = sync.getEvents(1);
        assertThat(message.getMessage().getReactionsList()).singleElement().satisfies(r -> {
            assertThat(r.getEmoji()).isEqualTo("👍");
            assertThat(r.getUserIdsList()).containsExactlyInAnyOrder(ben.getUserId(), cy.getUserId());
        });
        assertThat(sync.getMembersList()).hasSize(3);
        assertThat(sync.getMembersList()).filteredOn(m -> m.getUserId() == ben.getUserId())
                .singleElement().satisfies(m -> assertThat(m.getSeenSeq()).isEqualTo(4));
        assertThat(sync.getMembersList()).filteredOn(m -> m.getUserId() == cy.getUserId())
                .singleElement().satisfies(m -> assertThat(m.getSeenSeq()).isZero());
        assertThat(sync.getProfilesList()).extracting(p -> p.getUsername()).containsExactlyInAnyOrder("ann", "ben", "cyd");
    }

    @Test
    void should_deliver_every_message_to_all_fifty_members_in_order() {
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            sessions.add(server.register("member" + i));
        }
        List<TestChatClient> clients = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            clients.add(server.connect(sessions.get(i), i % 2 == 0 ? ChatServer.JSON : ChatServer.PROTO));
        }
        String group = createGroup(clients.getFirst(), "Fifty",
                sessions.subList(1, 50).stream().map(Session::getUserId).toList());

        for (int i = 0; i < 5; i++) {
            clients.get(i * 7).request(send(group, "hello from " + i));
        }

        for (TestChatClient client : clients) {
            client.awaitEvent(e -> e.getSeq() == 6);
            List<Long> seqs = client.events().stream().filter(e -> e.getConversationId().equals(group))
                    .map(e -> e.getSeq()).toList();
            assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
    }

    @Test
    void should_enforce_roles_when_managing_members() {
        Session owner = server.register("owner1");
        Session admin = server.register("admin1");
        Session plain = server.register("plain1");
        Session late = server.register("late1");
        TestChatClient o = server.connect(owner);
        TestChatClient a = server.connect(admin);
        TestChatClient p = server.connect(plain);
        String group = createGroup(o, "Club", List.of(admin.getUserId(), plain.getUserId()));
        o.request(ClientFrame.newBuilder().setSetRole(SetRole.newBuilder().setConversationId(group)
                .setUserId(admin.getUserId()).setRole(Role.ADMIN)));

        ServerFrame refused = p.request(ClientFrame.newBuilder().setAddMembers(AddMembers.newBuilder()
                .setConversationId(group).addUserIds(late.getUserId())));
        ServerFrame added = a.request(ClientFrame.newBuilder().setAddMembers(AddMembers.newBuilder()
                .setConversationId(group).addUserIds(late.getUserId())));
        ServerFrame ownerCannotLeave = o.request(ClientFrame.newBuilder().setLeaveGroup(
                LeaveGroup.newBuilder().setConversationId(group)));
        ServerFrame removed = a.request(ClientFrame.newBuilder().setRemoveMember(RemoveMember.newBuilder()
                .setConversationId(group).setUserId(plain.getUserId())));
        ServerFrame unknownUser = o.request(ClientFrame.newBuilder().setAddMembers(AddMembers.newBuilder()
                .setConversationId(group).addUserIds(987654321L)));

        assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.NOT_ALLOWED);
        assertThat(added.hasAccepted()).isTrue();
        assertThat(ownerCannotLeave.getError().getCode()).isEqualTo(ErrorCode.NOT_ALLOWED);
        assertThat(removed.hasAccepted()).isTrue();
        assertThat(unknownUser.getError().getCode()).isEqualTo(ErrorCode.USER_NOT_FOUND);
        p.awaitFrame(f -> f.hasEvent() && f.getEvent().hasMemberRemoved());
        ServerFrame afterRemoval = p.request(send(group, "am I still here?"));
        assertThat(afterRemoval.getError().getCode()).isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND);
    }
}
