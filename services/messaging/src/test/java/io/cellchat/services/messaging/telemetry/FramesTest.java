package io.cellchat.services.messaging.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.cellchat.contracts.v1.ClientFrame;
import io.cellchat.contracts.v1.CreateGroup;
import io.cellchat.contracts.v1.SendMessage;
import io.cellchat.contracts.v1.Sync;
import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void should_name_the_conversation_of_a_frame_whose_id_has_only_the_characters_of_conversation_ids() {
        assertThat(Frames.conversationId(send("d:119625236621557760:119625236869021696")))
                .isEqualTo("d:119625236621557760:119625236869021696");
        assertThat(Frames.conversationId(ClientFrame.newBuilder()
                .setSync(Sync.newBuilder().setConversationId("g:A_b-9")).build())).isEqualTo("g:A_b-9");
        assertThat(Frames.conversationId(send("x".repeat(64)))).hasSize(64);
    }

    @Test
    void should_name_none_when_the_id_could_not_be_a_conversation_id_or_the_frame_names_none() {
        assertThat(Frames.conversationId(send("x".repeat(65)))).isEmpty();
        assertThat(Frames.conversationId(send(""))).isEmpty();
        assertThat(Frames.conversationId(send("d:1 2"))).isEmpty();
        assertThat(Frames.conversationId(send("d:1\n2"))).isEmpty();
        assertThat(Frames.conversationId(send("d:١:٢"))).isEmpty(); // Arabic-Indic digits are not ASCII digits
        assertThat(Frames.conversationId(send("g:a/b"))).isEmpty();
        assertThat(Frames.conversationId(ClientFrame.newBuilder()
                .setCreateGroup(CreateGroup.newBuilder().setTitle("t")).build())).isEmpty();
    }

    private static ClientFrame send(String conversationId) {
        return ClientFrame.newBuilder().setSend(SendMessage.newBuilder().setConversationId(conversationId)).build();
    }
}
