package io.cellchat.system;

import static io.cellchat.system.AuthenticationIT.assertError;
import static io.cellchat.system.ChatServer.direct;
import static io.cellchat.system.ChatServer.send;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.v1.AddMembers;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.CreateGroup;
import io.cellchat.contracts.v1.ErrorCode;
import io.cellchat.contracts.v1.History;
import io.cellchat.contracts.v1.PresenceStatus;
import io.cellchat.contracts.v1.PresenceUpdate;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Session;
import io.cellchat.contracts.v1.SetTyping;
import io.cellchat.contracts.v1.Sync;
import io.cellchat.contracts.v1.WatchPresence;
import io.cellchat.testing.client.TestAccounts;
import io.cellchat.testing.client.TestChatClient;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The authorization matrix through the real WebSocket and REST APIs: each rule of docs/protocol.md
 * ("Authorization"), allowed and denied. Users are new per test (unique names), on one server.
 */
@Tag("system")
@Timeout(120)
class AuthorizationIT {

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

    // Rule 1: starting a direct conversation; the contacts-only setting.

    @Test
    void should_let_anyone_start_a_conversation_by_default_and_only_earlier_peers_under_contacts_only() {
        Session ann = user("ann");
        Session bob = user("bob");
        Session cyd = user("cyd");
        TestChatClient a = server.connect(ann);
        TestChatClient c = server.connect(cyd);
        assertThat(a.request(send(direct(ann.getUserId(), bob.getUserId()), "hi")).hasAccepted()).isTrue();

        assertThat(accounts.put("/api/v1/me/privacy", "{\"messages\":\"CONTACTS\"}", bob.getToken()).contentUtf8())
                .contains("\"messages\":\"CONTACTS\"");

        ServerFrame stranger = c.request(send(direct(cyd.getUserId(), bob.getUserId()), "hello?"));
        assertThat(stranger.getError().getCode()).isEqualTo(ErrorCode.PRIVACY_RESTRICTED);
        assertThat(a.request(send(direct(ann.getUserId(), bob.getUserId()), "still talking")).hasAccepted())
                .as("an existing conversation goes on").isTrue();
        assertThat(accounts.get("/api/v1/me/privacy", bob.getToken()).contentUtf8())
                .contains("\"messages\":\"CONTACTS\"");
    }

    // Rule 2: a block stops messages both ways, and the blocked user learns nothing a stranger would not.

    @Test
    void should_refuse_messages_between_a_blocker_and_the_blocked_until_unblocked() {
        Session ann = user("ann");
        Session bob = user("bob");
        Session cyd = user("cyd");
        TestChatClient a = server.connect(ann);
        TestChatClient b = server.connect(bob);
        TestChatClient c = server.connect(cyd);
        String conversation = direct(ann.getUserId(), bob.getUserId());
        assertThat(a.request(send(conversation, "hi")).hasAccepted()).isTrue();

        assertThat(accounts.put("/api/v1/me/blocked/" + ann.getUserId(), "", bob.getToken()).status().code())
                .isEqualTo(204);

        ServerFrame blocked = a.request(send(conversation, "are you there?"));
        ServerFrame blocker = b.request(send(conversation, "go away"));
        accounts.put("/api/v1/me/privacy", "{\"messages\":\"CONTACTS\"}", bob.getToken());
        ServerFrame stranger = c.request(send(direct(cyd.getUserId(), bob.getUserId()), "hello?"));
        assertThat(blocked.getError().getCode()).isEqualTo(ErrorCode.PRIVACY_RESTRICTED);
        assertThat(blocked.getError().getMessage()).as("the same words as for a stranger")
                .isEqualTo(stranger.getError().getMessage());
        assertThat(blocker.getError().getCode()).isEqualTo(ErrorCode.PRIVACY_RESTRICTED);
        assertThat(blocker.getError().getMessage()).contains("you blocked");
        assertThat(accounts.get("/api/v1/me/blocked", bob.getToken()).contentUtf8())
                .contains("\"userId\":\"" + ann.getUserId() + "\"");

        assertThat(accounts.delete("/api/v1/me/blocked/" + ann.getUserId(), bob.getToken()).status().code())
                .isEqualTo(204);
        assertThat(a.request(send(conversation, "back again")).hasAccepted()).isTrue();
    }

    // Rule 3: adding someone to a group.

    @Test
    void should_refuse_adding_a_blocker_or_a_contacts_only_stranger_to_a_group() {
        Session ann = user("ann");
        Session bob = user("bob");
        Session cyd = user("cyd");
        Session dan = user("dan");
        TestChatClient a = server.connect(ann);
        accounts.put("/api/v1/me/blocked/" + ann.getUserId(), "", bob.getToken());
        accounts.put("/api/v1/me/privacy", "{\"messages\":\"CONTACTS\"}", cyd.getToken());

        ServerFrame withBlocker = a.request(createGroup("Team", bob.getUserId()));
        ServerFrame withClosed = a.request(createGroup("Team", cyd.getUserId()));
        ServerFrame open = a.request(createGroup("Team", dan.getUserId()));
        String group = open.getAccepted().getConversationId();
        ServerFrame addBlocker = a.request(addMembers(group, bob.getUserId()));

        assertThat(withBlocker.getError().getCode()).isEqualTo(ErrorCode.PRIVACY_RESTRICTED);
        assertThat(withClosed.getError().getCode()).isEqualTo(ErrorCode.PRIVACY_RESTRICTED);
        assertThat(withBlocker.getError().getMessage()).doesNotContain("block");
        assertThat(open.hasAccepted()).isTrue();
        assertThat(addBlocker.getError().getCode()).isEqualTo(ErrorCode.PRIVACY_RESTRICTED);
    }

    @Test
    void should_refuse_adding_a_contacts_only_stranger_to_an_existing_group_and_let_them_in_once_contacts() {
        Session ann = user("ann");
        Session cyd = user("cyd");
        Session dan = user("dan");
        TestChatClient a = server.connect(ann);
        String group = a.request(createGroup("Team", dan.getUserId())).getAccepted().getConversationId();
        accounts.put("/api/v1/me/privacy", "{\"messages\":\"CONTACTS\"}", cyd.getToken());

        ServerFrame refused = a.request(addMembers(group, cyd.getUserId()));
        ServerFrame direct = a.request(send(direct(ann.getUserId(), cyd.getUserId()), "hello?"));

        assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.PRIVACY_RESTRICTED);
        assertThat(refused.getError().getMessage()).as("the words of rule 1")
                .isEqualTo(direct.getError().getMessage());
        accounts.put("/api/v1/me/contacts/" + cyd.getUserId(), "", ann.getToken());
        accounts.put("/api/v1/me/contacts/" + ann.getUserId(), "", cyd.getToken());
        assertThat(a.request(addMembers(group, cyd.getUserId())).hasAccepted()).as("a contact may be added").isTrue();
    }

    // Rule 4: outsiders get one answer for a conversation that exists and one that does not.

    @Test
    void should_answer_an_outsider_the_same_for_existing_and_missing_conversations() {
        Session ann = user("ann");
        Session bob = user("bob");
        Session eve = user("eve");
        TestChatClient a = server.connect(ann);
        TestChatClient e = server.connect(eve);
        String talked = direct(ann.getUserId(), bob.getUserId());
        assertThat(a.request(send(talked, "secret")).hasAccepted()).isTrue();
        String group = a.request(createGroup("Private", bob.getUserId())).getAccepted().getConversationId();
        String neverTalked = direct(ann.getUserId(), bob.getUserId() + 1_000_000);
        String noGroup = "g:1";

        for (String[] pair : new String[][] {{talked, neverTalked}, {group, noGroup}}) {
            ServerFrame existing = e.request(sync(pair[0]));
            ServerFrame missing = e.request(sync(pair[1]));
            assertThat(existing.getError().getCode()).isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND)
                    .isEqualTo(missing.getError().getCode());
            assertThat(existing.getError().getMessage().replace(pair[0], "X"))
                    .isEqualTo(missing.getError().getMessage().replace(pair[1], "X"));
            assertThat(e.request(history(pair[0])).getError().getCode()).isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND);
            var restExisting = accounts.get("/api/v1/conversations/" + pair[0] + "/sync", eve.getToken());
            var restMissing = accounts.get("/api/v1/conversations/" + pair[1] + "/sync", eve.getToken());
            assertError(restExisting, 404, "CONVERSATION_NOT_FOUND");
            assertThat(restExisting.contentUtf8().replace(pair[0], "X"))
                    .isEqualTo(restMissing.contentUtf8().replace(pair[1], "X"));
            var historyExisting = accounts.get("/api/v1/conversations/" + pair[0] + "/history", eve.getToken());
            var historyMissing = accounts.get("/api/v1/conversations/" + pair[1] + "/history", eve.getToken());
            assertError(historyExisting, 404, "CONVERSATION_NOT_FOUND");
            assertThat(historyExisting.contentUtf8().replace(pair[0], "X"))
                    .isEqualTo(historyMissing.contentUtf8().replace(pair[1], "X"));
        }
        assertThat(e.request(send(group, "let me in")).getError().getCode())
                .isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND);
        assertThat(e.request(send(talked, "let me in")).getError().getCode())
                .isEqualTo(ErrorCode.CONVERSATION_NOT_FOUND);
    }

    // Rules 5 and 6: presence to those who talked or are contacts, not to strangers or the blocked; last seen.

    @Test
    void should_hide_presence_from_strangers_and_the_blocked_and_show_it_to_peers() {
        Session ann = user("ann");
        Session bob = user("bob");
        Session eve = user("eve");
        TestChatClient a = server.connect(ann);
        TestChatClient b = server.connect(bob);
        TestChatClient e = server.connect(eve);
        assertThat(a.request(send(direct(ann.getUserId(), bob.getUserId()), "hi")).hasAccepted()).isTrue();

        assertThat(watch(a, bob.getUserId()).getStatus()).isEqualTo(PresenceStatus.ONLINE);
        assertThat(watch(e, bob.getUserId()).getStatus()).isEqualTo(PresenceStatus.HIDDEN);
        b.close();
        a.awaitFrame(f -> f.hasPresence() && f.getPresence().getUserId() == bob.getUserId()
                && f.getPresence().getStatus() == PresenceStatus.OFFLINE);
        assertThat(e.received()).noneMatch(f -> f.hasPresence() && f.getPresence().getUserId() == bob.getUserId()
                && f.getPresence().getStatus() != PresenceStatus.HIDDEN);

        assertThat(watch(a, bob.getUserId()).getLastSeenMs()).isPositive();
        accounts.put("/api/v1/me/privacy", "{\"lastSeen\":\"NOBODY\"}", bob.getToken());
        PresenceUpdate noLastSeen = watch(a, bob.getUserId());
        assertThat(noLastSeen.getStatus()).isEqualTo(PresenceStatus.OFFLINE);
        assertThat(noLastSeen.getLastSeenMs()).isZero();

        accounts.put("/api/v1/me/blocked/" + ann.getUserId(), "", bob.getToken());
        assertThat(watch(a, bob.getUserId()).getStatus()).isEqualTo(PresenceStatus.HIDDEN);
    }

    @Test
    void should_show_last_seen_under_contacts_to_contacts_only_and_answer_others_exactly_as_under_nobody() {
        Session ann = user("ann");
        Session bob = user("bob");
        Session cyd = user("cyd");
        TestChatClient a = server.connect(ann);
        TestChatClient b = server.connect(bob);
        TestChatClient c = server.connect(cyd);
        assertThat(a.request(send(direct(ann.getUserId(), bob.getUserId()), "hi")).hasAccepted()).isTrue();
        accounts.put("/api/v1/me/contacts/" + bob.getUserId(), "", cyd.getToken());
        accounts.put("/api/v1/me/contacts/" + cyd.getUserId(), "", bob.getToken());
        assertThat(accounts.put("/api/v1/me/privacy", "{\"lastSeen\":\"CONTACTS\"}", bob.getToken()).contentUtf8())
                .contains("\"lastSeen\":\"CONTACTS\"");
        assertThat(watch(a, bob.getUserId()).getStatus()).isEqualTo(PresenceStatus.ONLINE);
        assertThat(watch(c, bob.getUserId()).getStatus()).isEqualTo(PresenceStatus.ONLINE);

        b.close();

        PresenceUpdate peerPush = a.awaitFrame(f -> f.hasPresence() && f.getPresence().getUserId() == bob.getUserId()
                && f.getPresence().getStatus() == PresenceStatus.OFFLINE).getPresence();
        PresenceUpdate contactPush = c.awaitFrame(f -> f.hasPresence()
                && f.getPresence().getUserId() == bob.getUserId()
                && f.getPresence().getStatus() == PresenceStatus.OFFLINE).getPresence();
        assertThat(peerPush.getLastSeenMs()).as("a peer who is not a contact").isZero();
        assertThat(contactPush.getLastSeenMs()).as("a contact").isPositive();
        PresenceUpdate peerUnderContacts = watch(a, bob.getUserId());
        assertThat(peerUnderContacts.getLastSeenMs()).isZero();
        assertThat(watch(c, bob.getUserId()).getLastSeenMs()).isEqualTo(contactPush.getLastSeenMs());

        accounts.put("/api/v1/me/privacy", "{\"lastSeen\":\"NOBODY\"}", bob.getToken());
        assertThat(watch(a, bob.getUserId())).as("CONTACTS and NOBODY look the same to a non-contact")
                .isEqualTo(peerUnderContacts).isEqualTo(peerPush);
        assertThat(watch(c, bob.getUserId()).getLastSeenMs()).as("NOBODY hides it from contacts too").isZero();
    }

    // Rule 8: typing does not cross a block.

    @Test
    void should_not_deliver_typing_across_a_block() throws Exception {
        Session ann = user("ann");
        Session bob = user("bob");
        TestChatClient a = server.connect(ann);
        TestChatClient b = server.connect(bob);
        String conversation = direct(ann.getUserId(), bob.getUserId());
        assertThat(a.request(send(conversation, "hi")).hasAccepted()).isTrue();
        a.request(typing(conversation));
        b.awaitFrame(ServerFrame::hasTyping);
        int before = (int) b.received().stream().filter(ServerFrame::hasTyping).count();

        accounts.put("/api/v1/me/blocked/" + ann.getUserId(), "", bob.getToken());
        assertThat(a.request(typing(conversation)).hasOk()).as("the typist is not told").isTrue();

        TimeUnit.MILLISECONDS.sleep(300);
        assertThat(b.received().stream().filter(ServerFrame::hasTyping).count()).isEqualTo(before);
    }

    // Rules 7 and 9 and the directory: profiles, search excluding blockers, minimum length, limits.

    @Test
    void should_leave_blockers_out_of_search_and_refuse_short_queries_and_unknown_users() {
        Session ann = user("zara");
        Session bob = user("zach");
        accounts.put("/api/v1/me/blocked/" + ann.getUserId(), "", bob.getToken());

        String found = accounts.get("/api/v1/users?query=za", ann.getToken()).contentUtf8();
        assertThat(found).contains("INVALID_ARGUMENT").contains("query length");
        String forAnn = accounts.get("/api/v1/users?query=zac&limit=50", ann.getToken()).contentUtf8();
        assertThat(forAnn).doesNotContain("\"userId\":\"" + bob.getUserId() + "\"");
        String forOthers = accounts.get("/api/v1/users?query=zac&limit=50", user("yan").getToken()).contentUtf8();
        assertThat(forOthers).contains("\"userId\":\"" + bob.getUserId() + "\"");

        assertThat(accounts.get("/api/v1/users/" + bob.getUserId(), ann.getToken()).contentUtf8())
                .contains(bob.getProfile().getUsername());
        assertError(accounts.get("/api/v1/users/12345", ann.getToken()), 404, "USER_NOT_FOUND");
        assertError(accounts.put("/api/v1/me/blocked/12345", "", ann.getToken()), 404, "USER_NOT_FOUND");
    }

    @Test
    void should_answer_an_invitation_to_an_unknown_user_as_for_no_user_and_refuse_one_to_oneself() {
        Session ann = user("ann");
        long nobody = ann.getUserId() + 977;

        var invited = accounts.put("/api/v1/me/contacts/" + nobody, "", ann.getToken());

        assertError(invited, 404, "USER_NOT_FOUND");
        assertThat(invited.contentUtf8()).isEqualTo(accounts.get("/api/v1/users/" + nobody, ann.getToken())
                .contentUtf8());
        assertThat(accounts.get("/api/v1/me/contacts", ann.getToken()).contentUtf8()).isEqualTo("{}");
        assertThat(accounts.delete("/api/v1/me/contacts/" + nobody, ann.getToken()).contentUtf8())
                .as("nor is ending a link with nobody").isEqualTo(invited.contentUtf8());
        assertError(accounts.put("/api/v1/me/contacts/" + ann.getUserId(), "", ann.getToken()), 400,
                "INVALID_ARGUMENT");
        assertError(accounts.put("/api/v1/me/contacts/ann", "", ann.getToken()), 400, "INVALID_ARGUMENT");
    }

    @Test
    void should_show_the_bio_by_the_profile_setting_and_never_to_someone_blocked() {
        Session ann = user("ann");
        Session bob = user("bob");
        Session cyd = user("cyd");
        String updated = accounts.put("/api/v1/me/profile", "{\"displayName\":\"Ann Archer\","
                + "\"bio\":\"Birdwatcher\"}", ann.getToken()).contentUtf8();
        assertThat(updated).contains("\"displayName\":\"Ann Archer\"").contains("\"bio\":\"Birdwatcher\"");
        String annPath = "/api/v1/users/" + ann.getUserId();

        assertThat(accounts.get(annPath, bob.getToken()).contentUtf8()).as("everyone, by default")
                .contains("Birdwatcher");
        accounts.put("/api/v1/me/blocked/" + bob.getUserId(), "", ann.getToken());
        String blocked = accounts.get(annPath, bob.getToken()).contentUtf8();
        accounts.put("/api/v1/me/privacy", "{\"profile\":\"CONTACTS\"}", ann.getToken());
        String stranger = accounts.get(annPath, cyd.getToken()).contentUtf8();

        assertThat(blocked).doesNotContain("Birdwatcher").contains("Ann Archer");
        assertThat(stranger).doesNotContain("Birdwatcher");
        assertThat(blocked).as("a blocked user sees what a stranger sees").isEqualTo(stranger);
        accounts.put("/api/v1/me/contacts/" + ann.getUserId(), "", cyd.getToken());
        accounts.put("/api/v1/me/contacts/" + cyd.getUserId(), "", ann.getToken());
        assertThat(accounts.get(annPath, cyd.getToken()).contentUtf8()).as("a contact").contains("Birdwatcher");
        assertError(accounts.put("/api/v1/me/profile", "{\"bio\":\"" + "x".repeat(301) + "\"}", ann.getToken()),
                400, "INVALID_ARGUMENT");
    }

    @Test
    void should_rate_limit_searches() {
        Session ann = user("searcher");
        int status = 200;
        for (int i = 0; i < 25 && status == 200; i++) {
            status = accounts.get("/api/v1/users?query=abc", ann.getToken()).status().code();
        }
        assertThat(status).isEqualTo(429);
    }

    // Contacts: invitations pushed live; contacts pass the contacts-only setting and see presence (rules 1, 5, 10).

    @Test
    void should_push_invitations_live_and_let_contacts_through_contacts_only_and_presence() {
        Session ann = user("ann");
        Session bob = user("bob");
        TestChatClient a = server.connect(ann);
        TestChatClient bobPhone = server.connect(bob);
        TestChatClient bobLaptop = server.connect(TestAccounts.session(accounts.post("/api/v1/auth/login",
                "{\"username\":\"" + bob.getProfile().getUsername() + "\",\"password\":\"correct horse "
                        + bob.getProfile().getUsername() + "\"}")));
        accounts.put("/api/v1/me/privacy", "{\"messages\":\"CONTACTS\"}", bob.getToken());
        String conversation = direct(ann.getUserId(), bob.getUserId());
        assertThat(a.request(send(conversation, "hi")).getError().getCode()).isEqualTo(ErrorCode.PRIVACY_RESTRICTED);
        assertThat(watch(a, bob.getUserId()).getStatus()).isEqualTo(PresenceStatus.HIDDEN);

        assertThat(accounts.put("/api/v1/me/contacts/" + bob.getUserId(), "", ann.getToken()).contentUtf8())
                .contains("\"state\":\"INVITATION_SENT\"");
        for (TestChatClient device : new TestChatClient[] {bobPhone, bobLaptop}) {
            ServerFrame pushed = device.awaitFrame(f -> f.hasContact()
                    && f.getContact().getState() == io.cellchat.contracts.v1.ContactState.INVITATION_RECEIVED);
            assertThat(pushed.getContact().getUserId()).isEqualTo(ann.getUserId());
        }
        assertThat(accounts.get("/api/v1/me/contacts", bob.getToken()).contentUtf8())
                .contains("\"state\":\"INVITATION_RECEIVED\"");

        assertThat(accounts.put("/api/v1/me/contacts/" + ann.getUserId(), "", bob.getToken()).contentUtf8())
                .contains("\"state\":\"CONTACT\"");
        a.awaitFrame(f -> f.hasContact() && f.getContact().getState() == io.cellchat.contracts.v1.ContactState.CONTACT);

        assertThat(a.request(send(conversation, "now we are contacts")).hasAccepted()).isTrue();
        assertThat(watch(a, bob.getUserId()).getStatus()).isEqualTo(PresenceStatus.ONLINE);

        assertThat(accounts.delete("/api/v1/me/contacts/" + ann.getUserId(), bob.getToken()).status().code())
                .isEqualTo(204);
        a.awaitFrame(f -> f.hasContact() && f.getContact().getState() == io.cellchat.contracts.v1.ContactState.NONE);
        assertThat(accounts.get("/api/v1/me/contacts", ann.getToken()).contentUtf8()).isEqualTo("{}");
    }

    @Test
    void should_let_an_invitation_be_declined_or_cancelled_and_never_show_one_from_a_blocked_user() {
        Session ann = user("ann");
        Session bob = user("bob");
        Session eve = user("eve");
        TestChatClient b = server.connect(bob);
        accounts.put("/api/v1/me/contacts/" + bob.getUserId(), "", ann.getToken());
        b.awaitFrame(f -> f.hasContact() && f.getContact().getUserId() == ann.getUserId());

        assertThat(accounts.delete("/api/v1/me/contacts/" + ann.getUserId(), bob.getToken()).status().code())
                .as("decline").isEqualTo(204);
        assertThat(accounts.get("/api/v1/me/contacts", ann.getToken()).contentUtf8()).isEqualTo("{}");
        accounts.put("/api/v1/me/contacts/" + bob.getUserId(), "", ann.getToken());
        assertThat(accounts.delete("/api/v1/me/contacts/" + bob.getUserId(), ann.getToken()).status().code())
                .as("cancel").isEqualTo(204);
        assertThat(accounts.get("/api/v1/me/contacts", bob.getToken()).contentUtf8()).isEqualTo("{}");

        accounts.put("/api/v1/me/blocked/" + eve.getUserId(), "", bob.getToken());
        b.awaitFrame(f -> f.hasContact() && f.getContact().getUserId() == eve.getUserId()
                && f.getContact().getState() == io.cellchat.contracts.v1.ContactState.BLOCKED);
        assertThat(accounts.put("/api/v1/me/contacts/" + bob.getUserId(), "", eve.getToken()).contentUtf8())
                .as("looks sent to the blocked inviter").contains("\"state\":\"INVITATION_SENT\"");
        assertThat(accounts.get("/api/v1/me/contacts", bob.getToken()).contentUtf8()).isEqualTo("{}");
        assertError(accounts.put("/api/v1/me/contacts/" + eve.getUserId(), "", bob.getToken()), 403,
                "PRIVACY_RESTRICTED");
        assertThat(b.received()).noneMatch(f -> f.hasContact() && f.getContact().getUserId() == eve.getUserId()
                && f.getContact().getState() == io.cellchat.contracts.v1.ContactState.INVITATION_RECEIVED);
    }

    static PresenceUpdate watch(TestChatClient client, long userId) {
        int before = client.received().size();
        assertThat(client.request(ClientFrame.newBuilder().setWatchPresence(WatchPresence.newBuilder()
                .addUserIds(userId))).hasOk()).isTrue();
        return client.received().subList(before, client.received().size()).stream()
                .filter(f -> f.hasPresence() && f.getPresence().getUserId() == userId)
                .reduce((first, second) -> second).orElseThrow().getPresence();
    }

    static ClientFrame.Builder createGroup(String title, long... members) {
        CreateGroup.Builder create = CreateGroup.newBuilder().setTitle(title);
        for (long member : members) {
            create.addMemberIds(member);
        }
        return ClientFrame.newBuilder().setCreateGroup(create);
    }

    private static ClientFrame.Builder addMembers(String group, long... users) {
        AddMembers.Builder add = AddMembers.newBuilder().setConversationId(group);
        for (long user : users) {
            add.addUserIds(user);
        }
        return ClientFrame.newBuilder().setAddMembers(add);
    }

    private static ClientFrame.Builder sync(String conversation) {
        return ClientFrame.newBuilder().setSync(Sync.newBuilder().setConversationId(conversation));
    }

    private static ClientFrame.Builder history(String conversation) {
        return ClientFrame.newBuilder().setHistory(History.newBuilder().setConversationId(conversation));
    }

    static ClientFrame.Builder typing(String conversation) {
        return ClientFrame.newBuilder().setTyping(SetTyping.newBuilder().setConversationId(conversation)
                .setTyping(true));
    }
}
