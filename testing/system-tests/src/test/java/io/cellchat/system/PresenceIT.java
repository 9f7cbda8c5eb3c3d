package io.cellchat.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.PresenceStatus;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Session;
import io.cellchat.contracts.v1.SetTyping;
import io.cellchat.contracts.v1.WatchPresence;
import io.cellchat.testing.client.TestChatClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Presence follows activity: online while active, away after presence.away-after idle, online again on activity. */
@Tag("system")
@Timeout(60)
class PresenceIT {

    private static ChatServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new ChatServer("presence.away-after=2s");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void should_show_an_idle_user_as_away_and_online_again_when_active() {
        Session idle = server.register("idler");
        Session watcher = server.register("watcher");
        TestChatClient i = server.connect(idle);
        TestChatClient w = server.connect(watcher);
        String conversation = ChatServer.direct(idle.getUserId(), watcher.getUserId());
        i.request(ChatServer.send(conversation, "hello"));

        w.request(ClientFrame.newBuilder().setWatchPresence(WatchPresence.newBuilder().addUserIds(idle.getUserId())));
        ServerFrame away = w.awaitFrame(f -> f.hasPresence() && f.getPresence().getStatus() == PresenceStatus.AWAY,
                Duration.ofSeconds(15));
        i.request(ClientFrame.newBuilder().setTyping(SetTyping.newBuilder().setConversationId(conversation)
                .setTyping(true)));

        assertThat(away.getPresence().getUserId()).isEqualTo(idle.getUserId());
        w.awaitFrame(f -> f.hasPresence() && f.getPresence().getStatus() == PresenceStatus.ONLINE
                && w.received().indexOf(f) > w.received().indexOf(away));
    }
}
