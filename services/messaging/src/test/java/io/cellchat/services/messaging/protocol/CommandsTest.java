package io.cellchat.services.messaging.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.MessageBody;
import io.cellchat.contracts.v1.React;
import io.cellchat.contracts.v1.SendMessage;
import io.cellchat.domain.account.Principal;
import io.cellchat.domain.chat.ChatLimits;
import io.cellchat.domain.chat.CommandEnvelope;
import io.cellchat.domain.id.HighWaterMark;
import io.cellchat.domain.id.Sleeper;
import io.cellchat.domain.id.SnowflakeIdGenerator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The fingerprint that idempotency records keep: it must stay exactly what earlier versions stored (a retry after an
 * upgrade compares against it), be equal for equal content whatever the key, and differ for other content.
 */
class CommandsTest {

    private final Commands commands = new Commands(ChatLimits.DEFAULTS, new SnowflakeIdGenerator(
            SnowflakeIdGenerator.Settings.of(0, 0), Clock.systemUTC(), Sleeper.system(), HighWaterMark.inMemory()));
    private final Principal alice = new Principal(11, 21);

    @Test
    void should_fingerprint_a_send_as_the_sha256_of_its_type_and_content_without_the_key() throws Exception {
        SendMessage send = send("k-1", "Hi Bob!");

        CommandEnvelope envelope = commands.envelope(alice, ClientFrame.newBuilder().setSend(send).build());

        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("cellchat.v1.SendMessage".getBytes(StandardCharsets.UTF_8));
        String expected = HexFormat.of().formatHex(sha.digest(send.toBuilder().clearIdempotencyKey().build().toByteArray()));
        assertThat(envelope.fingerprint()).isEqualTo(expected);
    }

    @Test
    void should_give_equal_content_the_same_fingerprint_and_other_content_another() {
        String first = fingerprint(send("k-1", "Hi Bob!"));

        assertThat(fingerprint(send("k-2", "Hi Bob!"))).isEqualTo(first);
        assertThat(fingerprint(send("k-1", "Hi Bob?"))).isNotEqualTo(first);
        assertThat(fingerprint(send("k-1", "Hi Bob!"))).isEqualTo(first);
    }

    @Test
    void should_compute_the_same_fingerprint_on_every_thread() throws Exception {
        String here = fingerprint(send("k-1", "Hi Bob!"));

        String there = CompletableFuture.supplyAsync(() -> fingerprint(send("k-1", "Hi Bob!"))).get();

        assertThat(there).isEqualTo(here);
    }

    @Test
    void should_leave_the_fingerprint_empty_for_a_command_without_a_key() {
        CommandEnvelope envelope = commands.envelope(alice, ClientFrame.newBuilder().setReact(React.newBuilder()
                .setConversationId("d:11:12").setSeq(1).setEmoji("👍").setAdd(true)).build());

        assertThat(envelope.hasIdempotencyKey()).isFalse();
        assertThat(envelope.fingerprint()).isEmpty();
    }

    private String fingerprint(SendMessage send) {
        return commands.envelope(alice, ClientFrame.newBuilder().setSend(send).build()).fingerprint();
    }

    private static SendMessage send(String key, String text) {
        return SendMessage.newBuilder().setConversationId("d:11:12").setIdempotencyKey(key)
                .setBody(MessageBody.newBuilder().setText(text)).build();
    }
}
