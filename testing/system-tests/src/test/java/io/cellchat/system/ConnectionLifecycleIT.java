package io.cellchat.system;

import static io.cellchat.system.ChatServer.direct;
import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.PresenceStatus;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Session;
import io.cellchat.contracts.v1.SetPresence;
import io.cellchat.contracts.v1.SetTyping;
import io.cellchat.contracts.v1.WatchPresence;
import io.cellchat.testing.client.TestChatClient;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Heartbeats, logout, typing and presence, with short timeouts. */
@Tag("system")
@Timeout(120)
class ConnectionLifecycleIT {

    private static ChatServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new ChatServer("connection.heartbeat-interval=500ms", "connection.idle-timeout=2s",
                "presence.away-after=2s");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void should_close_a_silent_peer_with_4004_within_the_idle_timeout() throws Exception {
        // This client never answers the server's pings: to the server it is a dead peer.
        TestChatClient silent = TestChatClient.connectIgnoringPings(server.uri(), server.register("silent").getToken(),
                ChatServer.JSON);

        var close = silent.closed().get(10, TimeUnit.SECONDS);

        assertThat(close.status().code()).isEqualTo(4004);
    }

    @Test
    void should_close_the_connections_of_a_device_that_logs_out_with_4003() throws Exception {
        Session session = server.register("leaver");
        TestChatClient device = server.connect(session);

        var response = server.accounts().post("/api/v1/auth/logout", "");
        assertThat(response.status().code()).isEqualTo(401);
        var logout = server.accounts().post("/api/v1/auth/logout", "", session.getToken());

        assertThat(logout.status().code()).isEqualTo(204);
        assertThat(device.closed().get(10, TimeUnit.SECONDS).status().code()).isEqualTo(4003);
        assertThat(server.accounts().get("/api/v1/conversations", session.getToken()).status().code()).isEqualTo(401);
    }

    @Test
    void should_tell_the_other_member_who_is_typing_and_the_watchers_whose_presence_changed() {
        Session ada = server.register("ada");
        Session bo = server.register("bob_");
        TestChatClient a = server.connect(ada);
        TestChatClient b = server.connect(bo);
        String conversation = direct(ada.getUserId(), bo.getUserId());
        a.request(ChatServer.send(conversation, "hi"));

        b.request(ClientFrame.newBuilder().setWatchPresence(WatchPresence.newBuilder().addUserIds(ada.getUserId())));
        ServerFrame initial = b.awaitFrame(f -> f.hasPresence() && f.getPresence().getUserId() == ada.getUserId());
        a.request(ClientFrame.newBuilder().setTyping(SetTyping.newBuilder().setConversationId(conversation)
                .setTyping(true)));
        a.request(ClientFrame.newBuilder().setPresence(SetPresence.newBuilder().setStatus(PresenceStatus.BUSY)));

        assertThat(initial.getPresence().getStatus()).isEqualTo(PresenceStatus.ONLINE);
        ServerFrame typing = b.awaitFrame(f -> f.hasTyping());
        assertThat(typing.getTyping().getUserId()).isEqualTo(ada.getUserId());
        assertThat(typing.getTyping().getTyping()).isTrue();
        b.awaitFrame(f -> f.hasPresence() && f.getPresence().getStatus() == PresenceStatus.BUSY);
        assertThat(a.received()).noneMatch(ServerFrame::hasTyping);
        a.close();
        ServerFrame offline = b.awaitFrame(f -> f.hasPresence() && f.getPresence().getStatus() == PresenceStatus.OFFLINE);
        assertThat(offline.getPresence().getLastSeenMs()).isPositive();
    }
}
