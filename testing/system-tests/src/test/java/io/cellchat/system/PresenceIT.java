package io.cellchat.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.ErrorCode;
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

    @Test
    void should_refuse_a_watch_of_an_id_that_is_no_user_id_and_keep_the_set_it_had() {
        Session subject = server.register("subject");
        Session watcher = server.register("watcher2");
        TestChatClient s = server.connect(subject);
        TestChatClient w = server.connect(watcher);
        s.request(ChatServer.send(ChatServer.direct(subject.getUserId(), watcher.getUserId()), "hello"));
        w.request(ClientFrame.newBuilder().setWatchPresence(WatchPresence.newBuilder()
                .addUserIds(subject.getUserId())));

        ServerFrame refused = w.request(ClientFrame.newBuilder().setWatchPresence(WatchPresence.newBuilder()
                .addUserIds(0)));
        s.close();

        assertThat(refused.getError().getCode()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(refused.getError().getMessage())
                .isEqualTo("watch_presence.user_ids: 0 (expected: user IDs, which are positive)");
        ServerFrame offline = w.awaitFrame(f -> f.hasPresence() && f.getPresence().getUserId() == subject.getUserId()
                && f.getPresence().getStatus() == PresenceStatus.OFFLINE, Duration.ofSeconds(15));
        assertThat(offline.getPresence().getUserId()).as("still watched").isEqualTo(subject.getUserId());
    }
}
