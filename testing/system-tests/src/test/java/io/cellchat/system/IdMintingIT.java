package io.cellchat.system;

import static io.cellchat.system.ChatServer.direct;
import static io.cellchat.system.ChatServer.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.CreateGroup;
import io.cellchat.contracts.v1.ErrorCode;
import io.cellchat.contracts.v1.Ping;
import io.cellchat.contracts.v1.ServerFrame;
import io.cellchat.contracts.v1.Session;
import io.cellchat.testing.client.TestChatClient;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * While the ID generator cannot store its high-water mark (here the path of its temporary file is taken by a folder,
 * so every store fails, as on a full or failing disk), everything that needs a new ID is refused as the retryable
 * {@code UNAVAILABLE}: a group, a message, a registration. Each request gets its answer, nothing is stored, the
 * connection stays open, and the same requests succeed once the mark can be stored again.
 */
@Tag("system")
@Timeout(120)
class IdMintingIT {

    @Test
    void should_refuse_what_needs_an_id_as_unavailable_while_the_mark_cannot_be_stored_then_accept_it() throws Exception {
        try (ChatServer server = new ChatServer()) {
            Session alice = server.register("alice");
            Session bob = server.register("bob");
            TestChatClient a = server.connect(alice);
            String conversation = direct(alice.getUserId(), bob.getUserId());
            Path blocker = server.data().resolve("ids-worker-0.tmp");

            // A renewal may be writing the temporary file at this moment: take its path once it is free.
            await().atMost(Duration.ofSeconds(10)).ignoreException(FileAlreadyExistsException.class)
                    .until(() -> Files.createDirectory(blocker) != null);
            // The stored mark runs up to ids.reserve (1 s) ahead of the clock; past it, minting needs a new one.
            ServerFrame group = await().atMost(Duration.ofSeconds(30))
                    .until(() -> a.request(createGroup(bob)), ServerFrame::hasError);
            ServerFrame message = a.request(send(conversation, "refused"));
            AggregatedHttpResponse registration = server.accounts().post("/api/v1/auth/register",
                    "{\"username\":\"carol\",\"password\":\"correct horse carol\"}");
            ServerFrame pong = a.request(ClientFrame.newBuilder().setPing(Ping.getDefaultInstance()));

            for (ServerFrame refused : new ServerFrame[] {group, message}) {
                assertThat(refused.getError().getCode()).as("%s", refused).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(refused.getError().getRetriable()).isTrue();
                assertThat(refused.getError().getMessage())
                        .isEqualTo("the server cannot accept writes right now; try again");
            }
            assertThat(registration.status().code()).as(registration.contentUtf8()).isEqualTo(503);
            assertThat(registration.contentUtf8()).contains("\"code\":\"UNAVAILABLE\"");
            assertThat(pong.hasPong()).as("the connection stays open").isTrue();

            Files.delete(blocker);
            ServerFrame created = await().atMost(Duration.ofSeconds(30))
                    .until(() -> a.request(createGroup(bob)), ServerFrame::hasAccepted);
            ServerFrame first = a.request(send(conversation, "accepted"));
            Session carol = server.register("carol");

            assertThat(created.getAccepted().getConversationId()).startsWith("g:");
            assertThat(first.getAccepted().getSeq()).as("the refused message was not stored").isEqualTo(1);
            assertThat(carol.getUserId()).isPositive();
        }
    }

    private static ClientFrame.Builder createGroup(Session member) {
        return ClientFrame.newBuilder().setCreateGroup(CreateGroup.newBuilder().setTitle("Trip")
                .addMemberIds(member.getUserId()));
    }
}
